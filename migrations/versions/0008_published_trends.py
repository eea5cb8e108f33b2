"""Team trends that stay as first shown: team history, frozen weeks, the organisation's k.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 05:00:00

Three changes keep a published team figure from giving one person away when it is looked at
again later (the difference between two versions of one week is one person's values):

* `team_memberships` records which team a person belongs to from which ISO week on, and the
  weekly and monthly sums carry the team of that week (`team_id`), so a move no longer carries
  past weeks into the new team. Existing sums keep the team their person has today: that is
  all an older database knows. The history is personal data, exported and erased with its
  person.
* `published_cells` holds each settled week's (and month's) team and organisation cells as
  first computed: figures of at least k people, or only the reason a cell is hidden. They are
  anonymous, are kept after a person's erasure and are never recomputed, so late check-ins,
  corrections, deletions, erasure, moves and purges change only personal rows and sums.
* Teams below k are hidden and the organisation's figures are taken over the teams shown,
  so no total holds a hidden team and no large team is hidden to protect a small one.
* `organisation_settings` holds k for the whole organisation (5 unless an admin sets it, never
  below 3), where the PostgreSQL trend function now reads it.

On PostgreSQL `wellbeing_team_trends(weeks, k)` is replaced: it reads the weekly sums with
their team, publishes a week's cells for every team on the first call after it settled, and
serves them from `published_cells` ever after (a database owner asking for another k gets a
live computation, never stored). Teamleaders still read nothing but that function's rows.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRENDS = "wellbeing_team_trends(text[], integer)"
CELLS = "wellbeing_trend_cells(text, integer[], text[])"
K_SETTING = "wellbeing.team_trends_k"
DEFINER = "wellbeing_definer"  # owns the functions that run with raised rights (0006)
FROM_START = "0000-W00"  # a membership that holds from the first week on
SUMS_TABLES = ("person_week_sums", "person_month_sums")

# Every cell of one week for the teams `p_teams` (in that order after the organisation),
# hidden as `p_reasons` says, the organisation over the teams shown: the arithmetic of
# revision 0005, read from the weekly sums.
CELLS_SQL = """
CREATE FUNCTION wellbeing_trend_cells(p_week text, p_teams integer[], p_reasons text[])
RETURNS TABLE (
    team_id integer,
    contributors integer,
    stress_tenths integer,
    energy_tenths integer,
    break_compliance_percent integer,
    quick_return_percent integer,
    orange_or_red_percent integer,
    hours_tenths integer,
    hidden text
)
LANGUAGE sql STABLE
SET search_path = @schema@, pg_temp
AS $function$
    WITH person_week AS (
        SELECT w.team_id AS team,
               w.person_id AS person,
               (2000000 * w.stress_sum::bigint + w.checkins) / (2 * w.checkins) AS stress,
               (2000000 * w.energy_sum::bigint + w.checkins) / (2 * w.checkins) AS energy,
               w.shifts, w.break_due, w.break_taken AS legal_break,
               w.quick_returns AS quick_return, w.worked_minutes::bigint AS minutes,
               EXISTS (
                   SELECT 1 FROM weekly_levels AS l
                    WHERE l.iso_week = p_week AND l.person_id = w.person_id
                      AND l.level IN ('orange', 'red')
               ) AS orange_or_red
          FROM person_week_sums AS w
         WHERE w.iso_week = p_week AND w.team_id IS NOT NULL AND w.checkins > 0
    ),
    cells AS (
        SELECT NULL::integer AS team, 1 AS slot
        UNION ALL
        SELECT t.team, t.slot::integer + 1
          FROM unnest(p_teams) WITH ORDINALITY AS t(team, slot)
    ),
    sums AS (
        SELECT g.team, g.slot,
               count(pw.person)::bigint AS people,
               sum(pw.stress)::bigint AS stress,
               sum(pw.energy)::bigint AS energy,
               sum(pw.minutes)::bigint AS minutes,
               sum(pw.shifts)::bigint AS shifts,
               sum(pw.break_due)::bigint AS break_due,
               sum(pw.legal_break)::bigint AS legal_break,
               sum(pw.quick_return)::bigint AS quick_return,
               count(pw.person) FILTER (WHERE pw.orange_or_red)::bigint AS orange_or_red
          FROM cells AS g
          -- The organisation's figures are those of the teams shown (`suppress_teams`).
          LEFT JOIN person_week AS pw
            ON pw.team = g.team
            OR (g.team IS NULL AND p_reasons[array_position(p_teams, pw.team) + 1] IS NULL)
         GROUP BY g.team, g.slot
    )
    SELECT x.team,
           x.people::integer,
           ((20 * x.stress + x.people * 1000000) / (2 * x.people * 1000000))::integer,
           ((20 * x.energy + x.people * 1000000) / (2 * x.people * 1000000))::integer,
           CASE WHEN x.break_due > 0
                THEN ((200 * x.legal_break + x.break_due) / (2 * x.break_due))::integer
           END,
           ((200 * x.quick_return + x.shifts) / (2 * x.shifts))::integer,
           ((200 * x.orange_or_red + x.people) / (2 * x.people))::integer,
           ((20 * x.minutes + 60 * x.people) / (120 * x.people))::integer,
           NULL::text
      FROM sums AS x
     WHERE p_reasons[x.slot] IS NULL AND x.people > 0
    UNION ALL
    SELECT g.team, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           coalesce(p_reasons[g.slot], 'too_few_contributors')
      FROM cells AS g
      LEFT JOIN sums AS x ON x.slot = g.slot
     WHERE p_reasons[g.slot] IS NOT NULL OR x.people = 0
$function$
"""

TRENDS_SQL = """
CREATE OR REPLACE FUNCTION wellbeing_team_trends(p_weeks text[], p_k integer DEFAULT NULL)
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
        (SELECT s.value FROM organisation_settings AS s WHERE s.name = 'k'), 5);
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
    IF v_k < 3 THEN
        RAISE EXCEPTION 'k must be at least 3: smaller groups keep nobody anonymous'
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
    IF cardinality(p_weeks) > 260 THEN
        RAISE EXCEPTION 'ask for at most 260 weeks'
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
        IF v_monday + 6 + 2 >= v_today THEN
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
        SELECT coalesce(array_agg(l.team_id), '{}')
          INTO v_shown
          FROM team_leaders AS l
         WHERE l.person_id = wellbeing_person_id();
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
                v_reasons[1] := 'too_few_contributors';
            END IF;
        END IF;
        IF v_k <> v_org_k THEN
            RETURN QUERY
            SELECT v_week, c.team_id, c.contributors,
                   round(c.stress_tenths / 10.0, 1), round(c.energy_tenths / 10.0, 1),
                   c.break_compliance_percent, c.quick_return_percent,
                   c.orange_or_red_percent, round(c.hours_tenths / 10.0, 1), c.hidden
              FROM wellbeing_trend_cells(v_week, v_teams, v_reasons) AS c
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
              FROM wellbeing_trend_cells(v_week, v_teams, v_reasons) AS c
            ON CONFLICT DO NOTHING;
            v_reasons := NULL;
        END IF;
        RETURN QUERY
        SELECT v_week, nullif(p.group_id, 0), p.contributors,
               round(p.stress_tenths / 10.0, 1), round(p.energy_tenths / 10.0, 1),
               p.break_compliance_percent, p.quick_return_percent,
               p.orange_or_red_percent, round(p.hours_tenths / 10.0, 1), p.hidden::text
          FROM published_cells AS p
         WHERE p.segment = v_week AND (p.group_id = 0 OR p.group_id = ANY (v_shown))
         ORDER BY p.group_id;
    END LOOP;
END
$function$
"""


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _revision_0005() -> ModuleType:
    path = Path(__file__).with_name("0005_person_week_sums.py")
    spec = importlib.util.spec_from_file_location("wellbeing_revision_0005_for_0008", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _owner_by_membership() -> None:
    """Put back revision 0006's test for the database owner in the trend function that
    revision 0005 rebuilt (membership of the role owning the tables, not current_user)."""
    definition = str(
        op.get_bind()
        .execute(
            sa.text("SELECT pg_get_functiondef(CAST(:name AS regprocedure))"), {"name": TRENDS}
        )
        .scalar()
    )
    before = "v_owner boolean := session_user = current_user;"
    after = (
        "v_owner boolean := pg_has_role(session_user, "
        "(SELECT relowner FROM pg_class WHERE oid = CAST('people' AS regclass)), 'MEMBER');"
    )
    assert before in definition, before
    op.execute(definition.replace(before, after))


def _function_k() -> int:
    """The k the owner set on the trend function of revision 0003 (5 when never set)."""
    settings = (
        op.get_bind()
        .execute(
            sa.text("SELECT proconfig FROM pg_proc WHERE oid = CAST(:name AS regprocedure)"),
            {"name": TRENDS},
        )
        .scalar()
    )
    for setting in settings or []:
        name, _, value = str(setting).partition("=")
        if name == K_SETTING and value.isdigit():
            return int(value)
    return 5


def _create_tables() -> None:
    op.create_table(
        "team_memberships",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("since_week", sa.String(length=8), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_team_memberships_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "since_week", name=op.f("pk_team_memberships")),
    )
    op.create_table(
        "published_cells",
        sa.Column("segment", sa.String(length=8), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        *(
            sa.Column(name, sa.Integer(), nullable=True)
            for name in (
                "contributors",
                "stress_tenths",
                "energy_tenths",
                "break_compliance_percent",
                "quick_return_percent",
                "orange_or_red_percent",
                "hours_tenths",
            )
        ),
        sa.Column("hidden", sa.String(length=32), nullable=True),
        sa.CheckConstraint(
            "(hidden IS NULL) <> (contributors IS NULL)",
            name=op.f("ck_published_cells_figures_or_reason"),
        ),
        sa.PrimaryKeyConstraint("segment", "group_id", name=op.f("pk_published_cells")),
    )
    op.create_table(
        "organisation_settings",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "name <> 'k' OR value >= 3", name=op.f("ck_organisation_settings_k_at_least_3")
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_organisation_settings")),
    )


def upgrade() -> None:
    _create_tables()
    # No row means k = 5; a k the owner set on the old trend function is carried over.
    k = _function_k() if _postgres() else 5
    if k != 5:
        op.execute(f"INSERT INTO organisation_settings (name, value) VALUES ('k', {int(k)})")
    op.execute(
        "INSERT INTO team_memberships (person_id, since_week, team_id) "
        f"SELECT id, '{FROM_START}', team_id FROM people WHERE team_id IS NOT NULL"
    )
    for table in SUMS_TABLES:
        op.add_column(table, sa.Column("team_id", sa.Integer(), nullable=True))
        op.execute(
            f"UPDATE {table} SET team_id = "
            f"(SELECT p.team_id FROM people AS p WHERE p.id = {table}.person_id)"
        )
    if not _postgres():
        return
    schema = str(op.get_bind().exec_driver_sql("SELECT current_schema()").scalar())
    # k is no secret: everyone reads it; only admins (and the owner) change it.
    op.execute(
        "GRANT SELECT ON organisation_settings "
        "TO wellbeing_agent, wellbeing_teamleader, wellbeing_admin"
    )
    op.execute("GRANT INSERT, UPDATE ON organisation_settings TO wellbeing_admin")
    # An agent's weekly sums look up their own team history; their erasure deletes it.
    op.execute("GRANT SELECT, DELETE ON team_memberships TO wellbeing_agent")
    op.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON team_memberships TO wellbeing_admin")
    op.execute("ALTER TABLE team_memberships ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY own_rows ON team_memberships TO wellbeing_agent "
        "USING (person_id = wellbeing_person_id())"
    )
    op.execute(
        "CREATE POLICY manage ON team_memberships TO wellbeing_admin USING (true) WITH CHECK (true)"
    )
    op.execute(CELLS_SQL.replace("@schema@", schema))
    op.execute(f"REVOKE ALL ON FUNCTION {CELLS} FROM PUBLIC")
    op.execute(f"ALTER FUNCTION {TRENDS} RESET ALL")
    op.execute(TRENDS_SQL.replace("@schema@", schema))
    # The trend function runs with the rights of the definer role (revision 0006), which
    # reads the weekly sums and the organisation's k, and publishes cells: just that.
    op.execute(f"GRANT EXECUTE ON FUNCTION {CELLS} TO {DEFINER}")
    op.execute(f"GRANT SELECT ON person_week_sums, organisation_settings TO {DEFINER}")
    op.execute(f"GRANT SELECT, INSERT ON published_cells TO {DEFINER}")
    op.execute(
        f"CREATE POLICY definer_reads ON person_week_sums FOR SELECT TO {DEFINER} USING (true)"
    )


def downgrade() -> None:
    k = 5
    if _postgres():
        k = int(
            op.get_bind()
            .exec_driver_sql("SELECT value FROM organisation_settings WHERE name = 'k'")
            .scalar()
            or 5
        )
        op.execute("DROP POLICY IF EXISTS definer_reads ON person_week_sums")
        op.execute(f"REVOKE ALL ON person_week_sums, organisation_settings FROM {DEFINER}")
        op.execute(f"REVOKE ALL ON published_cells FROM {DEFINER}")
        op.execute(f"DROP FUNCTION IF EXISTS {CELLS}")
        # Revision 0005's function, with the organisation's k as its own setting again, and
        # the owner recognised as revision 0006 does.
        op.execute(f"ALTER FUNCTION {TRENDS} SET {K_SETTING} = '{max(k, 5)}'")
        _revision_0005()._replace_trends_function(exact=True)
        _owner_by_membership()
    for table in SUMS_TABLES:
        op.drop_column(table, "team_id")
    op.drop_table("organisation_settings")
    op.drop_table("published_cells")
    op.drop_table("team_memberships")
