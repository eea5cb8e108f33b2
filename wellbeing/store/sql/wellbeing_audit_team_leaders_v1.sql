-- Revision 0006. Trigger function: the audit trail of teamleader rights granted and revoked.
CREATE FUNCTION wellbeing_audit_team_leaders() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = @schema@, pg_temp AS $function$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO admin_audit (at, actor, action, subject, team)
        VALUES (now(), session_user, 'lead_revoked',
                (SELECT os_account FROM people WHERE id = OLD.person_id),
                (SELECT name FROM teams WHERE id = OLD.team_id));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO admin_audit (at, actor, action, subject, team)
        VALUES (now(), session_user, 'lead_granted',
                (SELECT os_account FROM people WHERE id = NEW.person_id),
                (SELECT name FROM teams WHERE id = NEW.team_id));
    END IF;
    RETURN NULL;
END
$function$
