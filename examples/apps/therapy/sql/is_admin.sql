
  SELECT EXISTS (
    SELECT 1 FROM public.user_roles
    WHERE user_id = _user_id
    AND role IN ('admin', 'content_admin', 'support_admin')
    AND is_active = TRUE
  );
