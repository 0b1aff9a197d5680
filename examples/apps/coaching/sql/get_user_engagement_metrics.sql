
SELECT u.id,
       (SELECT count(*) FROM public.sessions s
         WHERE (s.coach_id = u.id OR s.client_id = u.id) AND s.status = 'completed'
           AND s.scheduled_at > now() - make_interval(days => p_days)),
       (SELECT count(*) FROM public.messages m
         WHERE m.sender_id = u.id AND m.created_at > now() - make_interval(days => p_days)),
       (SELECT count(*) FROM public.reflections r
         WHERE r.client_id = u.id AND r.created_at > now() - make_interval(days => p_days)),
       (SELECT count(*) FROM public.file_uploads f
         WHERE f.user_id = u.id AND f.created_at > now() - make_interval(days => p_days)),
       u.last_seen_at
FROM public.users u
ORDER BY u.id
