"""Team figures at the end of their scale are kept as bands, never exactly.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 06:00:00

A mean stress of 0.0 says that everyone in the group answered 0, and 100 % orange or red says
that each of them was; the aggregate then gives away every member's answer. Published cells
therefore keep such a figure only as the edge of a band (`TrendFigures` in
`wellbeing.domain.team_trends` says which):

* mean stress and energy below 0.5 are kept as 0.5 ("0.5 or less"), above 9.5 as 9.5;
* shares (break compliance, quick returns, orange or red) within 10 % of 0 or 100 % are kept
  as 10 % or 90 %; the share of people at orange or red, in a group under ten, within one
  person's share (a group of five: 20 % and 80 %), so that "20 % or less" may still be
  nobody or one person. Shares of shifts keep 10 %: each person works several shifts.

No column changes. Existing published cells are rewritten to their bands. On PostgreSQL the
cell function of revision 0008 computes the bands itself, so that a teamleader's login, which
reads nothing but the trend function's rows, never receives an exact figure either.

An agent may see exactly what their teamleader sees of their own team ("What my teamleader
sees" on the privacy page): on PostgreSQL agents' logins may now call the trend function,
which gives them their own team's cells and the organisation's, nothing else.

Downgrade puts revision 0008's functions back; cells already banded stay banded (a band holds
less than the figure it replaced, so nothing is exposed).
"""

from collections.abc import Sequence

from alembic import op

from wellbeing.store.sql_files import RULE_VALUES, read_sql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The edges of the bands (`MEAN_BAND`, `SHARE_BAND` of wellbeing.domain.team_trends).
MEAN_LOW, MEAN_HIGH = RULE_VALUES["mean_low_tenths"], RULE_VALUES["mean_high_tenths"]  # tenths
SHARE_EDGE = RULE_VALUES["share_band"]  # percent
TRENDS = "wellbeing_team_trends(text[], integer)"
OWN_TEAM = "wellbeing_own_team()"
DEFINER = "wellbeing_definer"  # owns the functions that run with raised rights (0006)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _clamp(expression: str, low: str, high: str) -> str:
    """`expression` held between `low` and `high`, in SQL both dialects read (NULL stays)."""
    return (
        f"CASE WHEN ({expression}) < ({low}) THEN ({low}) "
        f"WHEN ({expression}) > ({high}) THEN ({high}) ELSE ({expression}) END"
    )


def _share_edge(people: str) -> str:
    """The band's edge for a share of `people`: 10 %, or one person's share rounded up."""
    one = f"((100 + ({people}) - 1) / ({people}))"
    return f"CASE WHEN {one} > {SHARE_EDGE} THEN {one} ELSE {SHARE_EDGE} END"


def _install(version: str, *, replace: bool = True) -> None:
    schema = str(op.get_bind().exec_driver_sql("SELECT current_schema()").scalar())
    op.execute(read_sql(version, replace=replace, schema=schema))


def upgrade() -> None:
    edge = _share_edge("contributors")
    shares = {
        name: _clamp(name, str(SHARE_EDGE), str(100 - SHARE_EDGE))
        for name in ("break_compliance_percent", "quick_return_percent")
    }
    shares["orange_or_red_percent"] = _clamp("orange_or_red_percent", edge, f"100 - ({edge})")
    means = {
        name: _clamp(name, str(MEAN_LOW), str(MEAN_HIGH))
        for name in ("stress_tenths", "energy_tenths")
    }
    assignments = ", ".join(f"{name} = {value}" for name, value in {**means, **shares}.items())
    op.execute(
        f"UPDATE published_cells SET {assignments} WHERE hidden IS NULL AND contributors > 0"
    )
    if _postgres():
        # Revision 0008's cell function with every share and mean held to its band.
        _install("wellbeing_trend_cells_v2")
        # Called only from inside the trend function, which already runs as the definer role
        # (revision 0006) and may read `people`: it needs no raised rights of its own.
        _install("wellbeing_own_team_v1", replace=False)
        op.execute(f"REVOKE ALL ON FUNCTION {OWN_TEAM} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {OWN_TEAM} TO {DEFINER}")
        # The teams the login leads, and its own.
        _install("wellbeing_team_trends_v5")
        op.execute(f"GRANT EXECUTE ON FUNCTION {TRENDS} TO wellbeing_agent")


def downgrade() -> None:
    if _postgres():
        op.execute(f"REVOKE EXECUTE ON FUNCTION {TRENDS} FROM wellbeing_agent")
        _install("wellbeing_team_trends_v4")
        op.execute(f"DROP FUNCTION IF EXISTS {OWN_TEAM}")
        _install("wellbeing_trend_cells_v1")
