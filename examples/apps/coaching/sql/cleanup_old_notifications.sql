
DECLARE
    removed integer;
BEGIN
    -- Read notifications older than the retention period; their delivery logs go with
    -- them (ON DELETE CASCADE).
    DELETE FROM public.notifications
    WHERE read_at IS NOT NULL AND created_at < now() - make_interval(days => p_days_to_keep);
    GET DIAGNOSTICS removed = ROW_COUNT;
    DELETE FROM public.scheduled_notifications
    WHERE status IN ('sent', 'cancelled')
      AND updated_at < now() - make_interval(days => p_days_to_keep);
    RETURN removed;
END
