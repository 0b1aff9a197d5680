
SELECT date_trunc(p_granularity, n.created_at), count(n.sent_at), count(n.read_at)
FROM public.notifications n
WHERE n.created_at >= p_from AND n.created_at < p_to
GROUP BY 1
ORDER BY 1
