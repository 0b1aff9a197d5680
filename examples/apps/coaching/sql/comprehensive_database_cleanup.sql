
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    task := 'expired or revoked temporary shares';
    IF p_dry_run THEN
        SELECT count(*) INTO affected FROM public.temporary_shares
        WHERE expires_at < now() OR NOT is_active;
    ELSE
        DELETE FROM public.temporary_shares WHERE expires_at < now() OR NOT is_active;
        GET DIAGNOSTICS affected = ROW_COUNT;
    END IF;
    RETURN NEXT;

    task := 'stale typing indicators';
    IF p_dry_run THEN
        SELECT count(*) INTO affected FROM public.typing_indicators WHERE expires_at < now();
    ELSE
        DELETE FROM public.typing_indicators WHERE expires_at < now();
        GET DIAGNOSTICS affected = ROW_COUNT;
    END IF;
    RETURN NEXT;

    task := 'read notifications older than 90 days';
    IF p_dry_run THEN
        SELECT count(*) INTO affected FROM public.notifications
        WHERE read_at IS NOT NULL AND created_at < now() - interval '90 days';
    ELSE
        affected := public.cleanup_old_notifications(90);
    END IF;
    RETURN NEXT;

    task := 'old MFA attempts and events';
    IF p_dry_run THEN
        SELECT (SELECT count(*) FROM public.mfa_attempts
                WHERE attempted_at < now() - interval '30 days')
             + (SELECT count(*) FROM public.mfa_events
                WHERE created_at < now() - interval '1 year')
        INTO affected;
    ELSE
        affected := public.cleanup_mfa_data();
    END IF;
    RETURN NEXT;

    IF NOT p_dry_run THEN
        REFRESH MATERIALIZED VIEW public.daily_notification_stats;
        INSERT INTO public.maintenance_logs (action, status, started_by, started_at, completed_at, details)
        VALUES ('system_cleanup', 'completed', auth.uid(), started, clock_timestamp(),
                jsonb_build_object('dry_run', false));
    END IF;
    RETURN;
END
