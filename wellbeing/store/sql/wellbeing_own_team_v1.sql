CREATE FUNCTION wellbeing_own_team() RETURNS integer
LANGUAGE sql STABLE SET search_path = @schema@, pg_temp
AS $$ SELECT team_id FROM people WHERE os_account = session_user $$
