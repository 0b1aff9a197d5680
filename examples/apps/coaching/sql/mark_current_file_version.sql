
BEGIN
    -- A new version becomes the current one; the partial unique index allows only one.
    UPDATE public.file_versions SET is_current = false
    WHERE file_id = NEW.file_id AND is_current;
    NEW.is_current := true;
    RETURN NEW;
END
