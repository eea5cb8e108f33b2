"""Sums per person, ISO week and month, so team trends need not read every shift.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 11:00:00

Team trends and organisation totals decide suppression over the whole organisation, so every
request used to aggregate all shifts of the weeks asked for (about 105,000 for twelve weeks of
2,000 agents). `person_week_sums` holds those sums once per person, ISO week and calendar
month; the store rewrites a person's rows for the weeks it touches in the same transaction as
every shift it writes (`wellbeing.store.person_week_sums`). This revision creates the table and
fills it from the shifts already stored.

The arithmetic of the trends becomes exact, so that any engine adding people up in any order
gives the same cells: each person's mean is taken to the millionth, half up, and the cell's
figure is rounded half up from integers. On PostgreSQL `wellbeing_team_trends` is replaced by
the same function with that arithmetic (its grants, and the k the owner may have set, stay),
and agents may read and write only their own rows of the new table, like their shifts.
Teamleaders and admins get no access to it.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRENDS = "wellbeing_team_trends(text[], integer)"
K_SETTING = "wellbeing.team_trends_k"

FILL = """
INSERT INTO person_week_sums (iso_week, person_id, month, shifts, checkins, stress_sum,
                              energy_sum, break_due, break_taken, quick_returns,
                              worked_minutes)
SELECT s.iso_week, s.person_id, {month}, count(s.id), count(c.id),
       coalesce(sum(c.stress), 0), coalesce(sum(c.energy), 0), count(s.legal_break_ok),
       sum(CASE WHEN s.legal_break_ok THEN 1 ELSE 0 END),
       sum(CASE WHEN s.rest_before_minutes < 660 THEN 1 ELSE 0 END),
       sum(s.worked_minutes)
FROM shifts AS s LEFT JOIN checkins AS c ON c.shift_id = s.id
GROUP BY s.iso_week, s.person_id, {month}
"""
MONTH = {"postgresql": "to_char(s.local_date, 'YYYY-MM')", "sqlite": "substr(s.local_date, 1, 7)"}

# The per-person means and the rounding of revision 0003, and what replaces them.
EXACT_ARITHMETIC = (
    (
        """                   avg(c.stress)::float8 AS stress,
                   avg(c.energy)::float8 AS energy,""",
        """                   (2000000 * sum(c.stress) + count(c.id))
                       / (2 * nullif(count(c.id), 0)) AS stress,
                   (2000000 * sum(c.energy) + count(c.id))
                       / (2 * nullif(count(c.id), 0)) AS energy,""",
    ),
    (
        "                   sum(s.worked_minutes)::float8 / 60 AS hours,",
        "                   sum(s.worked_minutes)::bigint AS hours,",
    ),
    (
        """                   sum(pw.stress ORDER BY pw.team, pw.person) AS stress,
                   sum(pw.energy ORDER BY pw.team, pw.person) AS energy,
                   sum(pw.hours ORDER BY pw.team, pw.person) AS hours,""",
        """                   sum(pw.stress)::bigint AS stress,
                   sum(pw.energy)::bigint AS energy,
                   sum(pw.hours)::bigint AS hours,""",
    ),
    (
        """               round((x.stress / x.people)::text::numeric, 1),
               round((x.energy / x.people)::text::numeric, 1),""",
        """               round(((20 * x.stress + x.people * 1000000::bigint)
                      / (2 * x.people * 1000000::bigint))::numeric / 10, 1),
               round(((20 * x.energy + x.people * 1000000::bigint)
                      / (2 * x.people * 1000000::bigint))::numeric / 10, 1),""",
    ),
    (
        "               round((x.hours / x.people)::text::numeric, 1),",
        """               round(((20 * x.hours + 60 * x.people)
                      / (120 * x.people))::numeric / 10, 1),""",
    ),
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _revision_0003() -> ModuleType:
    path = Path(__file__).with_name("0003_postgres_team_trends.py")
    spec = importlib.util.spec_from_file_location("wellbeing_revision_0003", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _replace_trends_function(exact: bool) -> None:
    """Put the trend function of revision 0003 back in place, with exact arithmetic or not,
    keeping the organisation's k (a replaced function takes the settings it is created with).
    """
    bind = op.get_bind()
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar()
    settings = bind.execute(
        sa.text("SELECT proconfig FROM pg_proc WHERE oid = CAST(:name AS regprocedure)"),
        {"name": TRENDS},
    ).scalar()
    earlier = _revision_0003()
    sql = earlier.TRENDS_SQL
    for setting in settings or []:
        name, _, value = str(setting).partition("=")
        if name == K_SETTING:
            sql = sql.replace(f"SET {K_SETTING} = '@teamleader_k@'", f"SET {K_SETTING} = '{value}'")
    if exact:
        for before, after in EXACT_ARITHMETIC:
            assert before in sql, before
            sql = sql.replace(before, after)
    earlier.TRENDS_SQL = sql
    created = earlier._trends_sql(str(schema))
    op.execute(created.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))


def upgrade() -> None:
    op.create_table(
        "person_week_sums",
        sa.Column("iso_week", sa.String(length=8), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("shifts", sa.Integer(), nullable=False),
        sa.Column("checkins", sa.Integer(), nullable=False),
        sa.Column("stress_sum", sa.Integer(), nullable=False),
        sa.Column("energy_sum", sa.Integer(), nullable=False),
        sa.Column("break_due", sa.Integer(), nullable=False),
        sa.Column("break_taken", sa.Integer(), nullable=False),
        sa.Column("quick_returns", sa.Integer(), nullable=False),
        sa.Column("worked_minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "shifts >= 1 AND checkins >= 0 AND checkins <= shifts",
            name=op.f("ck_person_week_sums_counts_fit"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_week_sums_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("iso_week", "person_id", "month", name=op.f("pk_person_week_sums")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("person_week_sums", schema=None) as batch_op:
        batch_op.create_index("ix_person_week_sums_month", ["month"], unique=False)
    dialect = op.get_bind().dialect.name
    op.execute(FILL.format(month=MONTH.get(dialect, MONTH["sqlite"])))
    if not _postgres():
        return
    op.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON person_week_sums TO wellbeing_agent")
    op.execute("ALTER TABLE person_week_sums ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY own_rows ON person_week_sums TO wellbeing_agent "
        "USING (person_id = wellbeing_person_id()) "
        "WITH CHECK (person_id = wellbeing_person_id())"
    )
    _replace_trends_function(exact=True)


def downgrade() -> None:
    if _postgres():
        _replace_trends_function(exact=False)
    with op.batch_alter_table("person_week_sums", schema=None) as batch_op:
        batch_op.drop_index("ix_person_week_sums_month")
    op.drop_table("person_week_sums")
