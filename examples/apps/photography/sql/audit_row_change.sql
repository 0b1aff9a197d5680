
DECLARE
    old_row jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
BEGIN
    INSERT INTO public.audit_log (
        table_name, record_id, action, old_values, new_values, changed_fields,
        user_email, user_ip, metadata
    )
    VALUES (
        TG_TABLE_NAME,
        (coalesce(new_row, old_row) ->> 'id')::uuid,
        TG_OP,
        old_row,
        new_row,
        CASE WHEN TG_OP = 'UPDATE' THEN ARRAY(
            SELECT n.key FROM jsonb_each(new_row) n
            WHERE old_row -> n.key IS DISTINCT FROM n.value
            ORDER BY n.key
        ) END,
        auth.jwt() ->> 'email',
        inet_client_addr(),
        jsonb_build_object('schema', TG_TABLE_SCHEMA, 'trigger', TG_NAME)
    );
    RETURN NULL;
END
