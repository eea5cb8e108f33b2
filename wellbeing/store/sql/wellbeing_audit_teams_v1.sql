-- Revision 0006. Trigger function: the audit trail of teams created and deleted.
CREATE FUNCTION wellbeing_audit_teams() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = @schema@, pg_temp AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO admin_audit (at, actor, action, subject, team)
        VALUES (now(), session_user, 'team_created', NULL, NEW.name);
    ELSE
        INSERT INTO admin_audit (at, actor, action, subject, team)
        VALUES (now(), session_user, 'team_deleted', NULL, OLD.name);
    END IF;
    RETURN NULL;
END
$function$
