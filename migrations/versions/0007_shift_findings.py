"""Findings kept per shift, each judged at the shift's own time.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 05:00:00

A check-in is judged with the rules' windows ending at its shift, whenever it is recorded, and
a late-recorded shift re-judges the later shifts it affects. What each judgement found is kept
here, one row per shift and rule, so History can mark the shifts with findings and Reflect can
count them per week. Rows go with their check-in (ON DELETE CASCADE). Existing check-ins get
their findings at the next `wellbeing db reevaluate`; upgrading writes none. On PostgreSQL an
agent reads and writes only their own rows, like their shifts.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from wellbeing.store.types import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "shift_findings"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("iso_week", sa.String(length=8), nullable=False),
        sa.Column("shift_start", UTCDateTime(timezone=True), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("numbers", sa.JSON(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("suggestions", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkins.id"],
            name=op.f("fk_shift_findings_checkin_id_checkins"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_shift_findings_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("checkin_id", "rule_id", name=op.f("pk_shift_findings")),
    )
    op.create_index("ix_shift_findings_person_week", TABLE, ["person_id", "iso_week"])
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {TABLE} TO wellbeing_agent")
    op.execute(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY own_rows ON {TABLE} TO wellbeing_agent "
        "USING (person_id = wellbeing_person_id()) "
        "WITH CHECK (person_id = wellbeing_person_id())"
    )


def downgrade() -> None:
    op.drop_index("ix_shift_findings_person_week", table_name=TABLE)
    op.drop_table(TABLE)
