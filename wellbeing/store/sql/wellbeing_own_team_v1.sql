-- Revision 0010. The team of this login's person, called only from inside the trend
-- function, which already runs as the definer role.
CREATE FUNCTION wellbeing_own_team() RETURNS integer
LANGUAGE sql STABLE SET search_path = @schema@, pg_temp
AS $$ SELECT team_id FROM people WHERE os_account = session_user $$
