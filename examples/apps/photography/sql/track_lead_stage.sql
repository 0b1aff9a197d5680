
BEGIN
    IF NEW.workflow_stage IS DISTINCT FROM OLD.workflow_stage THEN
        NEW.previous_stage := OLD.workflow_stage;
        NEW.stage_duration := now() - OLD.stage_entered_at;
        NEW.stage_entered_at := now();
        INSERT INTO public.workflow_transitions (
            entity_type, entity_id, from_stage, to_stage, transitioned_by, automated
        )
        VALUES (
            'lead', NEW.id, OLD.workflow_stage, NEW.workflow_stage,
            coalesce(auth.jwt() ->> 'email', current_user), auth.jwt() ->> 'email' IS NULL
        );
    END IF;
    RETURN NEW;
END
