
SELECT 'sessions whose coach is their client'::text, count(*)
FROM public.sessions WHERE coach_id = client_id
UNION ALL
SELECT 'messages from non-participants', count(*)
FROM public.messages m
WHERE NOT EXISTS (SELECT 1 FROM public.conversation_participants p
                  WHERE p.conversation_id = m.conversation_id AND p.user_id = m.sender_id)
UNION ALL
SELECT 'files without a current version', count(*)
FROM public.file_uploads f
WHERE EXISTS (SELECT 1 FROM public.file_versions v WHERE v.file_id = f.id)
  AND NOT EXISTS (SELECT 1 FROM public.file_versions v WHERE v.file_id = f.id AND v.is_current)
UNION ALL
SELECT 'expired temporary shares still active', count(*)
FROM public.temporary_shares WHERE is_active AND expires_at < now()
UNION ALL
SELECT 'infected files still shared', count(*)
FROM public.file_shares s
JOIN public.virus_scan_results v ON v.file_id = s.file_id AND v.status = 'infected'
