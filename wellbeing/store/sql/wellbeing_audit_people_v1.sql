-- Revision 0006. Trigger function: the audit trail of people added, moved, made admin or
-- removed (an erased person's account is blanked from it).
CREATE FUNCTION wellbeing_audit_people() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = @schema@, pg_temp AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO admin_audit (at, actor, action, subject, team)
        VALUES (now(), session_user, 'person_added', NEW.os_account,
                (SELECT name FROM teams WHERE id = NEW.team_id));
    ELSIF TG_OP = 'UPDATE' THEN
        IF NEW.team_id IS DISTINCT FROM OLD.team_id THEN
            INSERT INTO admin_audit (at, actor, action, subject, team)
            VALUES (now(), session_user, 'person_moved', NEW.os_account,
                    (SELECT name FROM teams WHERE id = NEW.team_id));
        END IF;
        IF NEW.is_admin IS DISTINCT FROM OLD.is_admin THEN
            INSERT INTO admin_audit (at, actor, action, subject, team)
            VALUES (now(), session_user,
                    CASE WHEN NEW.is_admin THEN 'admin_granted' ELSE 'admin_revoked' END,
                    NEW.os_account, NULL);
        END IF;
    ELSE
        -- Erased or removed: the trail keeps what happened, not to whom.
        UPDATE admin_audit SET subject = NULL WHERE subject = OLD.os_account;
        UPDATE admin_audit SET actor = NULL WHERE actor = OLD.os_account;
        INSERT INTO admin_audit (at, actor, action, subject, team)
        VALUES (now(), nullif(session_user::text, OLD.os_account), 'person_removed', NULL,
                NULL);
    END IF;
    RETURN NULL;
END
$function$
