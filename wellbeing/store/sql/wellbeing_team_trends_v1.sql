-- Revision 0003 (and downgrading 0005). Team trends aggregated over the whole organisation,
-- suppressed as AnonymityPolicy does, narrowed to the teams the caller leads.
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
    hidden text
)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = @schema@, pg_temp
SET extra_float_digits = 1
SET wellbeing.team_trends_k = '@team_trends_k@'
AS $function$
#variable_conflict use_column
DECLARE
    v_owner boolean := session_user = current_user;
    v_org_k integer := current_setting('wellbeing.team_trends_k')::integer;
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
    IF NOT v_owner AND v_k < @default_k@ THEN
        RAISE EXCEPTION 'k must be at least @default_k@ for this login'
            USING ERRCODE = 'insufficient_privilege', COLUMN = 'k';
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

    -- Every team with members is a group of the tree, whether or not the caller leads it.
    SELECT coalesce(array_agg(DISTINCT p.team_id ORDER BY p.team_id), '{}')
      INTO v_teams
      FROM people AS p
     WHERE p.team_id IS NOT NULL;
    IF v_owner THEN
        v_shown := v_teams;
    ELSE
        SELECT coalesce(array_agg(l.team_id), '{}')
          INTO v_shown
          FROM team_leaders AS l
         WHERE l.person_id = wellbeing_person_id();
    END IF;

    FOREACH v_week IN ARRAY v_weeks LOOP
        SELECT array_agg(coalesce(n.contributors, 0) ORDER BY t.team)
          INTO v_counts
          FROM unnest(v_teams) AS t(team)
          LEFT JOIN (
                SELECT p.team_id AS team, count(DISTINCT s.person_id)::integer AS contributors
                  FROM shifts AS s
                  JOIN checkins AS c ON c.shift_id = s.id
                  JOIN people AS p ON p.id = s.person_id
                 WHERE s.iso_week = v_week AND p.team_id IS NOT NULL
                 GROUP BY p.team_id
          ) AS n ON n.team = t.team;
        v_reasons := wellbeing_trend_suppression(coalesce(v_counts, '{}'), v_k);

        RETURN QUERY
        WITH person_week AS (
            -- Means over the person's check-ins (numeric, then the nearest double, as the
            -- Python store reads them); counts over all their shifts of the week.
            SELECT p.team_id AS team,
                   s.person_id AS person,
                   avg(c.stress)::float8 AS stress,
                   avg(c.energy)::float8 AS energy,
                   count(*)::integer AS shifts,
                   count(s.legal_break_ok)::integer AS break_due,
                   (count(*) FILTER (WHERE s.legal_break_ok))::integer AS legal_break,
                   (count(*) FILTER (
                       WHERE s.rest_before_minutes < @quick_return_minutes@
                   ))::integer AS quick_return,
                   sum(s.worked_minutes)::float8 / 60 AS hours,
                   EXISTS (
                       SELECT 1 FROM weekly_levels AS w
                        WHERE w.person_id = s.person_id AND w.iso_week = v_week
                          AND w.level IN ('orange', 'red')
                   ) AS orange_or_red
              FROM shifts AS s
              LEFT JOIN checkins AS c ON c.shift_id = s.id
              JOIN people AS p ON p.id = s.person_id
             WHERE s.iso_week = v_week AND p.team_id IS NOT NULL
             GROUP BY p.team_id, s.person_id
            HAVING count(c.id) > 0
        ),
        cells AS (
            SELECT NULL::integer AS team, 1 AS slot
            UNION ALL
            SELECT t.team, t.slot::integer + 1
              FROM unnest(v_teams) WITH ORDINALITY AS t(team, slot)
             WHERE t.team = ANY (v_shown)
        ),
        sums AS (
            SELECT g.team,
                   g.slot,
                   count(pw.person)::integer AS people,
                   sum(pw.stress ORDER BY pw.team, pw.person) AS stress,
                   sum(pw.energy ORDER BY pw.team, pw.person) AS energy,
                   sum(pw.hours ORDER BY pw.team, pw.person) AS hours,
                   sum(pw.shifts)::bigint AS shifts,
                   sum(pw.break_due)::bigint AS break_due,
                   sum(pw.legal_break)::bigint AS legal_break,
                   sum(pw.quick_return)::bigint AS quick_return,
                   count(pw.person) FILTER (WHERE pw.orange_or_red) AS orange_or_red
              FROM cells AS g
              LEFT JOIN person_week AS pw ON g.team IS NULL OR pw.team = g.team
             GROUP BY g.team, g.slot
        )
        SELECT v_week,
               x.team,
               x.people,
               round((x.stress / x.people)::text::numeric, 1),
               round((x.energy / x.people)::text::numeric, 1),
               CASE WHEN x.break_due > 0
                    THEN ((200 * x.legal_break + x.break_due) / (2 * x.break_due))::integer
               END,
               ((200 * x.quick_return + x.shifts) / (2 * x.shifts))::integer,
               ((200 * x.orange_or_red + x.people) / (2 * x.people))::integer,
               round((x.hours / x.people)::text::numeric, 1),
               NULL::text
          FROM sums AS x
         WHERE v_reasons[x.slot] IS NULL
        UNION ALL
        SELECT v_week, g.team, NULL, NULL, NULL, NULL, NULL, NULL, NULL, v_reasons[g.slot]
          FROM cells AS g
         WHERE v_reasons[g.slot] IS NOT NULL
         ORDER BY 2 NULLS FIRST;
    END LOOP;
END
$function$
