
WITH latest AS (
    SELECT DISTINCT ON (h.check_name) h.check_name, h.status, h.response_time_ms, h.checked_at
    FROM public.system_health_checks h
    ORDER BY h.check_name, h.checked_at DESC
)
SELECT jsonb_build_object(
    'checks', coalesce((SELECT jsonb_object_agg(l.check_name, jsonb_build_object(
                  'status', l.status,
                  'response_time_ms', l.response_time_ms,
                  'checked_at', l.checked_at)) FROM latest l), '{}'::jsonb),
    'unhealthy_checks', (SELECT count(*) FROM latest l WHERE l.status <> 'healthy'),
    'failed_maintenance_last_day', (SELECT count(*) FROM public.maintenance_logs m
                                    WHERE m.status = 'failed'
                                      AND m.started_at > now() - interval '1 day'),
    'last_backup_at', (SELECT max(b.completed_at) FROM public.database_backups b
                       WHERE b.status = 'completed'),
    'database_size', pg_size_pretty(pg_database_size(current_database()))
)
