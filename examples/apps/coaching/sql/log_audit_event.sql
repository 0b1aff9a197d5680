
DECLARE
    new_id bigint;
BEGIN
    INSERT INTO public.system_audit_logs (
        user_id, action, resource_type, resource_id, details, ip_address, user_agent
    )
    VALUES (
        auth.uid(), p_action, p_resource_type, p_resource_id, p_details, p_ip_address,
        p_user_agent
    )
    RETURNING id INTO new_id;
    RETURN new_id;
END
