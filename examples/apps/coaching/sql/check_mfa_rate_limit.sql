
SELECT count(*) < p_max_attempts
FROM public.mfa_attempts a
WHERE NOT a.success
  AND a.attempted_at > now() - make_interval(mins => p_window_minutes)
  AND (a.user_id = p_user_id OR (p_ip_address IS NOT NULL AND a.ip_address = p_ip_address))
