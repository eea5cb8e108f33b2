-- Revision 0002. The person bound to this login (people.os_account = session_user), for
-- row-level security.
CREATE FUNCTION wellbeing_person_id() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = @schema@, pg_temp AS
$$ SELECT id FROM people WHERE os_account = session_user $$
