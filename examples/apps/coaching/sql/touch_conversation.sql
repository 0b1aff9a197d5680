
BEGIN
    UPDATE public.conversations SET last_message_at = NEW.created_at
    WHERE id = NEW.conversation_id
      AND (last_message_at IS NULL OR last_message_at < NEW.created_at);
    RETURN NULL;
END
