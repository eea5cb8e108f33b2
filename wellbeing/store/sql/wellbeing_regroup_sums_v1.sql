-- Revision 0019. Trigger function: after a person's team changes from an ISO week on, their
-- week and month sums from that week on name the team of each week, as sums written after
-- the move do; the admin's login that moved them may not write anyone's sums itself.
CREATE FUNCTION wellbeing_regroup_sums() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = @schema@, pg_temp AS $function$
BEGIN
    UPDATE person_week_sums AS w
       SET team_id = (SELECT m.team_id FROM team_memberships AS m
                       WHERE m.person_id = w.person_id AND m.since_week <= w.iso_week
                       ORDER BY m.since_week DESC LIMIT 1)
     WHERE w.person_id = NEW.person_id AND w.iso_week >= NEW.since_week;
    UPDATE person_month_sums AS s
       SET team_id = (SELECT m.team_id FROM team_memberships AS m
                       WHERE m.person_id = s.person_id AND m.since_week <= s.iso_week
                       ORDER BY m.since_week DESC LIMIT 1)
     WHERE s.person_id = NEW.person_id AND s.iso_week >= NEW.since_week;
    RETURN NULL;
END
$function$
