SELECT (n.created_at AT TIME ZONE 'UTC')::date AS day,
       n.type AS notification_type,
       n.channel,
       count(*) AS total,
       count(n.sent_at) AS sent,
       count(n.read_at) AS read,
       round(100.0 * count(n.read_at) / nullif(count(n.sent_at), 0), 2) AS read_rate
FROM public.notifications n
GROUP BY 1, 2, 3
