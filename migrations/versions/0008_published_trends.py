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

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from wellbeing.domain.anonymity import DEFAULT_K
from wellbeing.store.sql_files import read_sql

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

def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _function_k() -> int:
    """The k the owner set on the trend function of revision 0003 (`DEFAULT_K` when never set)."""
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
    return DEFAULT_K


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
    # No row means k = DEFAULT_K; a k the owner set on the old trend function is carried over.
    k = _function_k() if _postgres() else DEFAULT_K
    if k != DEFAULT_K:
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
    # Every cell of one week for the given teams, hidden as the reasons say, the organisation
    # over the teams shown: the arithmetic of revision 0005, read from the weekly sums.
    op.execute(read_sql("wellbeing_trend_cells_v1", schema=schema))
    op.execute(f"REVOKE ALL ON FUNCTION {CELLS} FROM PUBLIC")
    op.execute(f"ALTER FUNCTION {TRENDS} RESET ALL")
    op.execute(read_sql("wellbeing_team_trends_v4", replace=True, schema=schema))
    # The trend function runs with the rights of the definer role (revision 0006), which
    # reads the weekly sums and the organisation's k, and publishes cells: just that.
    op.execute(f"GRANT EXECUTE ON FUNCTION {CELLS} TO {DEFINER}")
    op.execute(f"GRANT SELECT ON person_week_sums, organisation_settings TO {DEFINER}")
    op.execute(f"GRANT SELECT, INSERT ON published_cells TO {DEFINER}")
    op.execute(
        f"CREATE POLICY definer_reads ON person_week_sums FOR SELECT TO {DEFINER} USING (true)"
    )


def downgrade() -> None:
    if _postgres():
        k = int(
            op.get_bind()
            .exec_driver_sql("SELECT value FROM organisation_settings WHERE name = 'k'")
            .scalar()
            or DEFAULT_K
        )
        op.execute("DROP POLICY IF EXISTS definer_reads ON person_week_sums")
        op.execute(f"REVOKE ALL ON person_week_sums, organisation_settings FROM {DEFINER}")
        op.execute(f"REVOKE ALL ON published_cells FROM {DEFINER}")
        op.execute(f"DROP FUNCTION IF EXISTS {CELLS}")
        # Revision 0006's function, with the organisation's k as its own setting again.
        op.execute(
            read_sql(
                "wellbeing_team_trends_v3",
                replace=True,
                schema=op.get_bind().exec_driver_sql("SELECT current_schema()").scalar(),
                team_trends_k=max(k, DEFAULT_K),
            )
        )
    for table in SUMS_TABLES:
        op.drop_column(table, "team_id")
    op.drop_table("organisation_settings")
    op.drop_table("published_cells")
    op.drop_table("team_memberships")
