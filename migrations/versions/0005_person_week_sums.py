"""Sums per person and ISO week, and per month, so team trends need not read every shift.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 11:00:00

Team trends and organisation totals decide suppression over the whole organisation, so every
request used to aggregate all shifts of the weeks asked for (about 105,000 for twelve weeks of
2,000 agents). `person_week_sums` holds those sums once per person and ISO week, and
`person_month_sums` once per person, calendar month and ISO week (for totals by month); the
store rewrites a person's rows for the weeks it touches in the same transaction as every shift
it writes (`wellbeing.store.person_week_sums`). This revision creates the tables and fills
them from the shifts already stored.

The arithmetic of the trends becomes exact, so that any engine adding people up in any order
gives the same cells: each person's mean is taken to the millionth, half up, and the cell's
figure is rounded half up from integers. On PostgreSQL `wellbeing_team_trends` is replaced by
the same function with that arithmetic (its grants, and the k the owner may have set, stay),
and agents may read and write only their own rows of the new tables, like their shifts.
Teamleaders and admins get no access to them. `weekly_levels`, which team trends read beside
the sums, is keyed by week first.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from wellbeing.domain.anonymity import DEFAULT_K
from wellbeing.domain.daily_rest import QUICK_RETURN_MINUTES
from wellbeing.store.sql_files import read_sql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRENDS = "wellbeing_team_trends(text[], integer)"
K_SETTING = "wellbeing.team_trends_k"

TABLES = ("person_week_sums", "person_month_sums")
# Each table's key columns, and what fills them from a shift `s` ({month}: its month).
KEYS = {
    "person_week_sums": {"iso_week": "s.iso_week", "person_id": "s.person_id"},
    "person_month_sums": {"month": "{month}", "person_id": "s.person_id", "iso_week": "s.iso_week"},
}
FILL = """
INSERT INTO {table} ({columns}, shifts, checkins, stress_sum, energy_sum, break_due,
                     break_taken, quick_returns, worked_minutes)
SELECT {keys}, count(s.id), count(c.id),
       coalesce(sum(c.stress), 0), coalesce(sum(c.energy), 0), count(s.legal_break_ok),
       sum(CASE WHEN s.legal_break_ok THEN 1 ELSE 0 END),
       sum(CASE WHEN s.rest_before_minutes < {quick_return} THEN 1 ELSE 0 END),
       sum(s.worked_minutes)
FROM shifts AS s LEFT JOIN checkins AS c ON c.shift_id = s.id
GROUP BY {keys}
"""
MONTH = {"postgresql": "to_char(s.local_date, 'YYYY-MM')", "sqlite": "substr(s.local_date, 1, 7)"}

def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _replace_trends_function(exact: bool) -> None:
    """Put the trend function in place with the exact arithmetic (version 2) or revision
    0003's (version 1), keeping the organisation's k (a replaced function takes the settings
    it is created with)."""
    bind = op.get_bind()
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar()
    settings = bind.execute(
        sa.text("SELECT proconfig FROM pg_proc WHERE oid = CAST(:name AS regprocedure)"),
        {"name": TRENDS},
    ).scalar()
    k: object = DEFAULT_K
    for setting in settings or []:
        name, _, value = str(setting).partition("=")
        if name == K_SETTING:
            k = value
    version = "wellbeing_team_trends_v2" if exact else "wellbeing_team_trends_v1"
    op.execute(read_sql(version, replace=True, schema=schema, team_trends_k=k))


def _sums_columns() -> list[sa.Column]:
    return [
        sa.Column(name, sa.Integer(), nullable=False)
        for name in (
            "shifts",
            "checkins",
            "stress_sum",
            "energy_sum",
            "break_due",
            "break_taken",
            "quick_returns",
            "worked_minutes",
        )
    ]


def _create(table: str, keys: list[sa.Column]) -> None:
    op.create_table(
        table,
        *keys,
        *_sums_columns(),
        sa.CheckConstraint(
            "shifts >= 1 AND checkins >= 0 AND checkins <= shifts",
            name=op.f(f"ck_{table}_counts_fit"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f(f"fk_{table}_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(*(key.name for key in keys), name=op.f(f"pk_{table}")),
        sqlite_with_rowid=False,
    )


def _fill(table: str) -> None:
    dialect = op.get_bind().dialect.name
    month = MONTH.get(dialect, MONTH["sqlite"])
    keys = ", ".join(KEYS[table].values()).format(month=month)
    columns = ", ".join(KEYS[table])
    op.execute(
        FILL.format(table=table, columns=columns, keys=keys, quick_return=QUICK_RETURN_MINUTES)
    )


def _key_weekly_levels(key: tuple[str, str], *, with_rowid: bool) -> None:
    """Key `weekly_levels` by `key`.

    Week first (upgrade) lets team trends read each person-week's level in the order of its
    sums, one search each (twice as fast at organisation scale), and lets retention find old
    weeks by the key's prefix, so the index on the week alone gives way to one on the person.
    SQLite then keeps the table without a rowid, so a search ends in the row itself; there
    the table is copied into its new form.
    """
    by_week = key[0] == "iso_week"
    if _postgres():
        op.drop_constraint("pk_weekly_levels", "weekly_levels", type_="primary")
        op.create_primary_key("pk_weekly_levels", "weekly_levels", list(key))
        if by_week:
            op.drop_index("ix_weekly_levels_iso_week", table_name="weekly_levels")
            op.create_index("ix_weekly_levels_person_id", "weekly_levels", ["person_id"])
        else:
            op.drop_index("ix_weekly_levels_person_id", table_name="weekly_levels")
            op.create_index("ix_weekly_levels_iso_week", "weekly_levels", ["iso_week"])
        return
    op.create_table(
        "weekly_levels_rekeyed",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("iso_week", sa.String(length=8), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_weekly_levels_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(*key, name=op.f("pk_weekly_levels")),
        sqlite_with_rowid=with_rowid,
    )
    op.execute(
        "INSERT INTO weekly_levels_rekeyed (person_id, iso_week, level) "
        "SELECT person_id, iso_week, level FROM weekly_levels"
    )
    op.drop_table("weekly_levels")
    op.rename_table("weekly_levels_rekeyed", "weekly_levels")
    if by_week:  # erasing a person and re-evaluating people find their rows by person
        op.create_index("ix_weekly_levels_person_id", "weekly_levels", ["person_id"])
    else:
        op.create_index("ix_weekly_levels_iso_week", "weekly_levels", ["iso_week"])


def upgrade() -> None:
    _create(
        "person_week_sums",
        [
            sa.Column("iso_week", sa.String(length=8), nullable=False),
            sa.Column("person_id", sa.Integer(), nullable=False),
        ],
    )
    _create(
        "person_month_sums",
        [
            sa.Column("month", sa.String(length=7), nullable=False),
            sa.Column("person_id", sa.Integer(), nullable=False),
            sa.Column("iso_week", sa.String(length=8), nullable=False),
        ],
    )
    for table in TABLES:
        _fill(table)
    _key_weekly_levels(("iso_week", "person_id"), with_rowid=False)
    if not _postgres():
        return
    for table in TABLES:
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO wellbeing_agent")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY own_rows ON {table} TO wellbeing_agent "
            "USING (person_id = wellbeing_person_id()) "
            "WITH CHECK (person_id = wellbeing_person_id())"
        )
    _replace_trends_function(exact=True)


def downgrade() -> None:
    if _postgres():
        _replace_trends_function(exact=False)
    _key_weekly_levels(("person_id", "iso_week"), with_rowid=True)
    for table in reversed(TABLES):
        op.drop_table(table)
