
DECLARE
    attempts integer;
    events integer;
BEGIN
    -- Rate limiting needs minutes of attempts; keep 30 days for investigations.
    DELETE FROM public.mfa_attempts WHERE attempted_at < now() - interval '30 days';
    GET DIAGNOSTICS attempts = ROW_COUNT;
    -- The MFA audit trail is kept for a year.
    DELETE FROM public.mfa_events WHERE created_at < now() - interval '1 year';
    GET DIAGNOSTICS events = ROW_COUNT;
    RETURN attempts + events;
END
