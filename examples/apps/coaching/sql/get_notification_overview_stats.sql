
SELECT count(*),
       count(n.sent_at),
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM public.notification_delivery_logs d
           WHERE d.notification_id = n.id AND d.status = 'delivered')),
       count(n.read_at),
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM public.notification_delivery_logs d
           WHERE d.notification_id = n.id AND d.status = 'failed')),
       round(100.0 * count(n.sent_at) / nullif(count(*), 0), 2),
       round(100.0 * count(n.read_at) / nullif(count(n.sent_at), 0), 2)
FROM public.notifications n
WHERE n.created_at >= p_from AND n.created_at < p_to
