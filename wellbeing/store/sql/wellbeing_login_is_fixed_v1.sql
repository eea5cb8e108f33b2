-- Revision 0006. Trigger function: a person's login is set once, when they are added.
CREATE FUNCTION wellbeing_login_is_fixed() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $function$
BEGIN
    RAISE EXCEPTION 'a person''s login is set once, when they are added'
        USING ERRCODE = 'insufficient_privilege', COLUMN = 'os_account';
END
$function$
