-- Revision 0018. Version 7 whose organisation cell, when no team reaches k, is hidden as
-- 'no_team_shown' instead of 'too_few_contributors': its figures are those of the teams
-- shown, so there are none, however many checked in; the reason is the same whatever the
-- count, so that it gives none away.
CREATE FUNCTION wellbeing_team_trends(p_weeks text[], p_k integer DEFAULT NULL)
RETURNS TABLE (
    iso_week text,
    team_id integer,
    contributors integer,
    mean_stress numeric,
    mean_energy numeric,
    break_compliance_percent integer,
    quick_return_percent integer,
    orange_or_red_percent integer,
    hours_per_person numeric,
    hidden text,
    k integer
)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = @schema@, pg_temp
AS $function$
#variable_conflict use_column
DECLARE
    -- The database owner is whoever belongs to the role owning the tables: inside this
    -- function current_user is the definer role (revision 0006).
    v_owner boolean := pg_has_role(session_user,
        (SELECT relowner FROM pg_class WHERE oid = CAST('people' AS regclass)), 'MEMBER');
    v_org_k integer := coalesce(
        (SELECT s.value FROM organisation_settings AS s WHERE s.name = 'k'), @default_k@);
    v_k integer := coalesce(p_k, v_org_k);
    v_today date := (now() AT TIME ZONE 'Europe/Brussels')::date;
    v_weeks text[] := '{}';
    v_week text;
    v_year integer;
    v_number integer;
    v_monday date;
    v_teams integer[];
    v_shown integer[];
    v_counts integer[];
    v_reasons text[];
BEGIN
    IF v_k < @minimum_k@ THEN
        RAISE EXCEPTION 'k must be at least @minimum_k@: smaller groups keep nobody anonymous'
            USING ERRCODE = 'invalid_parameter_value', COLUMN = 'k';
    END IF;
    -- One k for everyone but the owner: the same week seen with two thresholds can be
    -- hidden differently, and one view minus the other can single a person out.
    IF NOT v_owner AND v_k <> v_org_k THEN
        RAISE EXCEPTION 'k is fixed for this organisation; the detail gives it'
            USING ERRCODE = 'insufficient_privilege', COLUMN = 'k', DETAIL = v_org_k::text;
    END IF;
    IF p_weeks IS NULL OR cardinality(p_weeks) = 0 OR array_ndims(p_weeks) <> 1 THEN
        RAISE EXCEPTION 'ask for at least one ISO week'
            USING ERRCODE = 'invalid_parameter_value', COLUMN = 'weeks';
    END IF;
    IF cardinality(p_weeks) > @max_weeks@ THEN
        RAISE EXCEPTION 'ask for at most @max_weeks@ weeks'
            USING ERRCODE = 'invalid_parameter_value', COLUMN = 'weeks';
    END IF;

    FOREACH v_week IN ARRAY p_weeks LOOP
        IF v_week IS NULL OR v_week !~ '^[0-9]{4}-W[0-9]{2}$' THEN
            RAISE EXCEPTION 'not an ISO week such as 2026-W48'
                USING ERRCODE = 'invalid_parameter_value', COLUMN = 'weeks',
                      DETAIL = coalesce(v_week, 'NULL');
        END IF;
        v_year := substr(v_week, 1, 4)::integer;
        v_number := substr(v_week, 7, 2)::integer;
        IF v_year < 1 OR v_number < 1
           OR v_number > extract(week FROM make_date(v_year, 12, 28)) THEN
            RAISE EXCEPTION 'no such ISO week in the calendar'
                USING ERRCODE = 'invalid_parameter_value', COLUMN = 'weeks', DETAIL = v_week;
        END IF;
        v_monday := make_date(v_year, 1, 4)
            - (extract(isodow FROM make_date(v_year, 1, 4))::integer - 1)
            + 7 * (v_number - 1);
        IF v_monday + 6 + @settle_days@ >= v_today THEN
            RAISE EXCEPTION 'this week has not ended and settled yet'
                USING ERRCODE = 'object_not_in_prerequisite_state', COLUMN = 'weeks',
                      DETAIL = v_week;
        END IF;
        IF v_week = ANY (v_weeks) THEN
            RAISE EXCEPTION 'a week is asked for twice'
                USING ERRCODE = 'invalid_parameter_value', COLUMN = 'weeks', DETAIL = v_week;
        END IF;
        v_weeks := v_weeks || v_week;
    END LOOP;
    SELECT array_agg(w ORDER BY w) INTO v_weeks FROM unnest(v_weeks) AS w;

    IF v_owner THEN
        SELECT coalesce(array_agg(t.id ORDER BY t.id), '{}') INTO v_shown FROM teams AS t;
    ELSE
        -- The teams the login leads, and its own: anyone may see what
        -- their teamleader sees of their own team.
        SELECT coalesce(array_agg(DISTINCT s.team), '{}')
          INTO v_shown
          FROM (SELECT l.team_id AS team FROM team_leaders AS l
                 WHERE l.person_id = wellbeing_person_id()
                UNION ALL
                SELECT wellbeing_own_team()) AS s
         WHERE s.team IS NOT NULL;
    END IF;

    FOREACH v_week IN ARRAY v_weeks LOOP
        IF v_k = v_org_k THEN
            -- One publisher per week at a time, so a week's cells come from one computation.
            PERFORM pg_advisory_xact_lock(hashtext('published_cells'), hashtext(v_week));
        END IF;
        IF v_k <> v_org_k OR NOT EXISTS (
            SELECT 1 FROM published_cells AS c WHERE c.segment = v_week
        ) THEN
            -- The groups of the tree: every team someone checked in for that week.
            SELECT coalesce(array_agg(n.team ORDER BY n.team), '{}'),
                   coalesce(array_agg(n.people ORDER BY n.team), '{}')
              INTO v_teams, v_counts
              FROM (SELECT w.team_id AS team, count(*)::integer AS people
                      FROM person_week_sums AS w
                     WHERE w.iso_week = v_week AND w.team_id IS NOT NULL AND w.checkins > 0
                     GROUP BY w.team_id) AS n;
            -- Teams below k are hidden; the organisation is shown over the other teams.
            v_reasons := ARRAY[NULL::text] || ARRAY(
                SELECT CASE WHEN u.people < v_k THEN 'too_few_contributors' END
                  FROM unnest(v_counts) WITH ORDINALITY AS u(people, slot)
                 ORDER BY u.slot);
            IF NOT v_k <= ANY (v_counts) THEN
                v_reasons[1] := 'no_team_shown';
            END IF;
        END IF;
        IF v_k <> v_org_k THEN
            RETURN QUERY
            SELECT v_week, c.team_id, c.contributors,
                   round(c.stress_tenths / 10.0, 1), round(c.energy_tenths / 10.0, 1),
                   c.break_compliance_percent, c.quick_return_percent,
                   c.orange_or_red_percent, round(c.hours_tenths / 10.0, 1), c.hidden, v_k
              FROM wellbeing_trend_cells(v_week, v_teams, v_reasons, v_k) AS c
             WHERE c.team_id IS NULL OR c.team_id = ANY (v_shown)
             ORDER BY 2 NULLS FIRST;
            CONTINUE;
        END IF;
        IF v_reasons IS NOT NULL THEN
            INSERT INTO published_cells AS p (
                segment, group_id, k, published_on, contributors, stress_tenths,
                energy_tenths, break_compliance_percent, quick_return_percent,
                orange_or_red_percent, hours_tenths, hidden)
            SELECT v_week, coalesce(c.team_id, 0), v_org_k, v_today, c.contributors,
                   c.stress_tenths, c.energy_tenths, c.break_compliance_percent,
                   c.quick_return_percent, c.orange_or_red_percent, c.hours_tenths, c.hidden
              FROM wellbeing_trend_cells(v_week, v_teams, v_reasons, v_k) AS c
            ON CONFLICT DO NOTHING;
            v_reasons := NULL;
        END IF;
        RETURN QUERY
        SELECT v_week, nullif(p.group_id, 0), p.contributors,
               round(p.stress_tenths / 10.0, 1), round(p.energy_tenths / 10.0, 1),
               p.break_compliance_percent, p.quick_return_percent,
               p.orange_or_red_percent, round(p.hours_tenths / 10.0, 1), p.hidden::text,
               p.k
          FROM published_cells AS p
         WHERE p.segment = v_week AND (p.group_id = 0 OR p.group_id = ANY (v_shown))
         ORDER BY p.group_id;
    END LOOP;
END
$function$
