"""Planned shifts: the person's own schedule, imported from their calendar or WFM export.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 05:00:00

A planned shift is personal data like a shift: on PostgreSQL an agent reads and writes only
their own rows (row-level security, as revision 0002 does for the shifts); teamleaders and
admins get no access. Its planned breaks are kept with it, as a JSON list.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import wellbeing.store.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "planned_shifts"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    moment = wellbeing.store.types.UTCDateTime(timezone=True)
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start_at", moment, nullable=False),
        sa.Column("end_at", moment, nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("breaks", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("imported_at", moment, nullable=False),
        sa.Column("reminded_at", moment, nullable=True),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_planned_shifts_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_planned_shifts_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_shifts")),
    )
    op.create_index("ix_planned_shifts_person_start", TABLE, ["person_id", "start_at"])
    op.create_index("ix_planned_shifts_end_at", TABLE, ["end_at"])
    if not _postgres():
        return
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {TABLE} TO wellbeing_agent")
    op.execute(f"GRANT USAGE ON SEQUENCE {TABLE}_id_seq TO wellbeing_agent")
    op.execute(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY own_rows ON {TABLE} TO wellbeing_agent "
        "USING (person_id = wellbeing_person_id()) "
        "WITH CHECK (person_id = wellbeing_person_id())"
    )


def downgrade() -> None:
    if _postgres():
        op.execute(f"DROP POLICY IF EXISTS own_rows ON {TABLE}")
    op.drop_index("ix_planned_shifts_end_at", table_name=TABLE)
    op.drop_index("ix_planned_shifts_person_start", table_name=TABLE)
    op.drop_table(TABLE)
