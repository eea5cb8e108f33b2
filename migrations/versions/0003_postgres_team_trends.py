"""PostgreSQL team trends: aggregated and suppressed inside the database.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 09:00:00

A teamleader's login has no SELECT on raw tables (revision 0002). What it may read comes only
from `wellbeing_team_trends(weeks, k)`, a SECURITY DEFINER function that aggregates the whole
organisation, hides cells exactly as `wellbeing.domain.anonymity.AnonymityPolicy` does
(k-threshold, complementary suppression, count bounds) and then returns only the cells of
the teams the caller leads (every team, for the database owner) plus the organisation totals.
The database owner may ask for any k >= 3. Every other login gets the organisation's k and
no other, since one week seen with two thresholds can be hidden in two ways whose difference
singles a person out (teams of 1 and 9: k = 9 shows the team of 9, k = 10 the total). That k
is 5 unless the owner sets it, at least 5, with
`ALTER FUNCTION wellbeing_team_trends(text[], integer) SET wellbeing.team_trends_k = '8'`;
a function's own setting cannot be changed from the caller's session.

The figures are those of `wellbeing.domain.team_trends` fed by `wellbeing.store.team_trends`,
to the last bit: a contributor is a person with a check-in in the week; each person's means
are over their check-ins (the numeric average, then the nearest double, as Python reads it)
and their counts over all their shifts; across people the doubles are summed in (team,
person) order, as Python sums floats, and rounded half up from the shortest decimal form of
the result, as `_tenths` does. Only closed ISO weeks are accepted: a week is shown once it
ended more than two days (`DEFAULT_SETTLE_DAYS`) before today in Brussels.

A person counts in the team they belong to now; people without a team count nowhere.
On SQLite this revision does nothing (see revision 0002).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same numbers as wellbeing.domain.anonymity; written out so this revision stays as it was.
MINIMUM_K = 3  # MINIMUM_K: what the database owner may ask for
TEAMLEADER_MINIMUM_K = 5  # DEFAULT_K: the floor for every other caller
SETTLE_DAYS = 2  # DEFAULT_SETTLE_DAYS
MAX_WEEKS = 260  # MAX_SEGMENTS
QUICK_RETURN_MINUTES = 11 * 60  # art. 38ter Arbeidswet: 11 hours of rest

SUPPRESSION = "wellbeing_trend_suppression(integer[], integer)"
TRENDS = "wellbeing_team_trends(text[], integer)"

# A port of AnonymityPolicy.suppress for the tree organisation -> teams. Element 1 is the
# organisation, element i + 1 the i-th team in ascending id order; ties go to the lower
# element, as Python's rank does. Returns the reason per element, NULL when it may be shown.
SUPPRESSION_SQL = """
CREATE FUNCTION wellbeing_trend_suppression(p_counts integer[], p_k integer)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    v_total integer := 1 + coalesce(array_length(p_counts, 1), 0);
    v_count integer[];
    v_hidden text[];
    v_low integer[];
    v_high integer[];
    v_extra integer;
    v_pinned integer;
    v_smallest integer;
    v_widened integer;
    v_visible integer;
    v_rest integer;
    v_rest_any boolean;
    v_parts_low integer;
    v_parts_high integer;
    v_unbounded integer;
    v_new_low integer;
    v_new_high integer;
    v_changed boolean;
    i integer;
BEGIN
    IF array_position(p_counts, NULL) IS NOT NULL OR 0 > ANY (p_counts) THEN
        RAISE EXCEPTION 'contributor counts must be whole numbers of at least 0'
            USING ERRCODE = 'invalid_parameter_value', COLUMN = 'contributors';
    END IF;
    v_count := ARRAY[(SELECT coalesce(sum(c), 0) FROM unnest(p_counts) AS c)::integer]
        || p_counts;
    v_hidden := array_fill(NULL::text, ARRAY[v_total]);
    FOR i IN 1..v_total LOOP
        IF v_count[i] < p_k THEN
            v_hidden[i] := 'too_few_contributors';
        END IF;
    END LOOP;

    LOOP
        -- The smallest visible team, and what _widen would hide below the organisation.
        SELECT count(*), (array_agg(s ORDER BY v_count[s], s))[1]
          INTO v_visible, v_smallest
          FROM generate_series(2, v_total) AS s
         WHERE v_hidden[s] IS NULL;
        v_widened := CASE WHEN v_visible >= 2 THEN v_smallest ELSE 1 END;
        v_extra := NULL;

        -- A visible total minus its visible parts must cover nobody or at least k people.
        IF v_total > 1 AND v_hidden[1] IS NULL THEN
            v_rest := 0;
            v_rest_any := false;
            FOR i IN 2..v_total LOOP
                IF v_hidden[i] IS NOT NULL THEN
                    v_rest := v_rest + v_count[i];
                    v_rest_any := true;
                END IF;
            END LOOP;
            IF v_rest_any AND v_rest < p_k THEN
                v_extra := v_widened;
            END IF;
        END IF;

        IF v_extra IS NULL THEN
            -- What an onlooker can tell about each count: propagate bounds to a fixed point.
            v_low := array_fill(0, ARRAY[v_total]);
            v_high := array_fill(NULL::integer, ARRAY[v_total]);
            FOR i IN 1..v_total LOOP
                IF v_hidden[i] IS NULL THEN
                    v_low[i] := v_count[i];
                    v_high[i] := v_count[i];
                ELSIF v_hidden[i] = 'complementary' THEN
                    v_low[i] := p_k;
                ELSE
                    v_high[i] := p_k - 1;
                END IF;
            END LOOP;
            v_changed := v_total > 1;
            WHILE v_changed LOOP
                v_changed := false;
                v_parts_low := 0;
                v_parts_high := 0;
                v_unbounded := 0;
                FOR i IN 2..v_total LOOP
                    v_parts_low := v_parts_low + v_low[i];
                    IF v_high[i] IS NULL THEN
                        v_unbounded := v_unbounded + 1;
                    ELSE
                        v_parts_high := v_parts_high + v_high[i];
                    END IF;
                END LOOP;
                v_new_low := greatest(v_low[1], v_parts_low);
                v_new_high := least(
                    v_high[1], CASE WHEN v_unbounded > 0 THEN NULL ELSE v_parts_high END
                );
                IF v_new_low IS DISTINCT FROM v_low[1] OR v_new_high IS DISTINCT FROM v_high[1]
                THEN
                    v_low[1] := v_new_low;
                    v_high[1] := v_new_high;
                    v_changed := true;
                END IF;
                FOR i IN 2..v_total LOOP
                    v_new_low := v_low[i];
                    IF v_unbounded - (v_high[i] IS NULL)::integer = 0 THEN
                        v_new_low := greatest(
                            v_new_low, v_low[1] - (v_parts_high - coalesce(v_high[i], 0))
                        );
                    END IF;
                    v_new_high := v_high[i];
                    IF v_high[1] IS NOT NULL THEN
                        v_new_high := least(v_new_high, v_high[1] - (v_parts_low - v_low[i]));
                    END IF;
                    IF v_new_low IS DISTINCT FROM v_low[i]
                       OR v_new_high IS DISTINCT FROM v_high[i] THEN
                        v_low[i] := v_new_low;
                        v_high[i] := v_new_high;
                        v_changed := true;
                    END IF;
                END LOOP;
            END LOOP;

            -- The first hidden group (teams, then the organisation) whose bounds meet.
            v_pinned := NULL;
            FOREACH i IN ARRAY (ARRAY(SELECT generate_series(2, v_total)) || 1) LOOP
                IF v_hidden[i] IS NOT NULL AND v_low[i] = v_high[i] THEN
                    v_pinned := i;
                    EXIT;
                END IF;
            END LOOP;
            EXIT WHEN v_pinned IS NULL;
            IF v_pinned > 1 AND v_hidden[1] IS NULL THEN
                v_extra := v_widened;  -- the organisation total gives the team away
            ELSE
                v_extra := v_smallest;  -- the hidden total is the sum of visible teams
            END IF;
            EXIT WHEN v_extra IS NULL;
        END IF;
        v_hidden[v_extra] := 'complementary';
    END LOOP;
    RETURN v_hidden;
END
$function$
"""

TRENDS_SQL = """
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
SET wellbeing.team_trends_k = '@teamleader_k@'
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
    IF NOT v_owner AND v_k < @teamleader_k@ THEN
        RAISE EXCEPTION 'k must be at least @teamleader_k@ for this login'
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
"""


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _trends_sql(schema: str) -> str:
    values = {
        "schema": schema,
        "minimum_k": MINIMUM_K,
        "teamleader_k": TEAMLEADER_MINIMUM_K,
        "settle_days": SETTLE_DAYS,
        "max_weeks": MAX_WEEKS,
        "quick_return_minutes": QUICK_RETURN_MINUTES,
    }
    sql = TRENDS_SQL
    for name, value in values.items():
        sql = sql.replace(f"@{name}@", str(value))
    return sql


def upgrade() -> None:
    if not _postgres():
        return
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    op.execute(SUPPRESSION_SQL)
    op.execute(_trends_sql(str(schema)))
    op.execute(f"REVOKE ALL ON FUNCTION {SUPPRESSION} FROM PUBLIC")
    op.execute(f"REVOKE ALL ON FUNCTION {TRENDS} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {TRENDS} TO wellbeing_teamleader")


def downgrade() -> None:
    if not _postgres():
        return
    op.execute(f"DROP FUNCTION IF EXISTS {TRENDS}")
    op.execute(f"DROP FUNCTION IF EXISTS {SUPPRESSION}")
