"""Findings kept per shift point at what they state instead of repeating it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 07:00:00

Each row of `shift_findings` repeated its rule's message (as the English evidence text and
as the template inside `numbers`), source and suggestions: a few hundred bytes per row, the
same dozen values over millions of rows. These now live once in `finding_statements`, keyed
by a digest of the three (`wellbeing.store.shift_findings.statement_id`); a row keeps the id
and only the numbers that fill the message. The evidence text is made when it is shown.

Upgrade makes a statement of each distinct (message, source, suggestions) of the existing
rows, the message being `numbers["message"]`, or the evidence text where there is none (as
reading always did), and takes the message out of `numbers`. Downgrade puts the columns back
as the application wrote them: the evidence is the message filled in with the numbers, in
English, and `numbers` holds the message again.

Statements hold nothing about a person; on PostgreSQL every agent may read them and add new
ones, as a check-in does, and a check constraint works out each row's digest again, so that
nobody can store other words under an id the rules use.
"""

import json
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from wellbeing.domain.findings import Finding, Level
from wellbeing.store.shift_findings import statement_id

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "shift_findings"
STATEMENTS = "finding_statements"
SCRATCH = "finding_statement_ids"  # the statement of each distinct old form, while upgrading
MESSAGE = "message"  # the key of the message template in old rows' numbers
FOREIGN_KEY = "fk_shift_findings_statement_id_finding_statements"
CHECK = "ck_finding_statements_id_is_digest"  # PostgreSQL: see `statement_id`
CHUNK = 10_000


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _old_forms() -> tuple[str, str]:
    """SQL of an old row's message (from its numbers, else its evidence) and of its numbers
    without the message; left as they are where the numbers are no JSON object."""
    if _postgres():
        numbers_object = "json_typeof(numbers) = 'object'"
        message = f"COALESCE(CASE WHEN {numbers_object} THEN numbers ->> '{MESSAGE}' END, evidence)"
        numbers = (
            f"CASE WHEN {numbers_object} "
            f"THEN CAST(CAST(numbers AS jsonb) - '{MESSAGE}' AS json) ELSE numbers END"
        )
        return message, numbers
    valid = "json_valid(numbers)"
    message = f"COALESCE(CASE WHEN {valid} THEN json_extract(numbers, '$.{MESSAGE}') END, evidence)"
    numbers = f"CASE WHEN {valid} THEN json_remove(numbers, '$.{MESSAGE}') ELSE numbers END"
    return message, numbers


def _statements_table() -> None:
    op.create_table(
        STATEMENTS,
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("suggestions", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_statements")),
    )
    if _postgres():
        op.execute(
            f"ALTER TABLE {STATEMENTS} ADD CONSTRAINT {CHECK} CHECK (id = left(encode(sha256("
            "convert_to(CAST(jsonb_build_array(message, source, CAST(suggestions AS jsonb)) "
            "AS text), 'UTF8')), 'hex'), 16))"
        )
        op.execute(f"GRANT SELECT, INSERT ON {STATEMENTS} TO wellbeing_agent")


def _make_statements(message: str) -> None:
    """A statement for each distinct old form, and in SCRATCH which old form it replaces
    (suggestions as the JSON text stored)."""
    bind = op.get_bind()
    forms = bind.execute(
        sa.text(f"SELECT DISTINCT {message}, source, CAST(suggestions AS TEXT) FROM {TABLE}")
    ).all()
    scratch = op.create_table(
        SCRATCH,
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("suggestions", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("message", "source", "suggestions"),
    )
    statements = sa.table(
        STATEMENTS,
        sa.column("id", sa.String()),
        sa.column("message", sa.Text()),
        sa.column("source", sa.Text()),
        sa.column("suggestions", sa.JSON()),
    )
    made: dict[str, dict[str, Any]] = {}
    found = []
    for said, source, text in forms:
        suggestions = json.loads(text)
        key = statement_id(said, source, suggestions)
        made[key] = {"id": key, "message": said, "source": source, "suggestions": suggestions}
        found.append({"message": said, "source": source, "suggestions": text, "id": key})
    if found:
        bind.execute(sa.insert(statements), list(made.values()))
        bind.execute(sa.insert(scratch), found)


def upgrade() -> None:
    _statements_table()
    op.add_column(TABLE, sa.Column("statement_id", sa.String(length=16), nullable=True))
    message, numbers = _old_forms()
    _make_statements(message)
    op.execute(
        f"UPDATE {TABLE} SET numbers = {numbers}, statement_id = ("
        f"SELECT s.id FROM {SCRATCH} AS s WHERE s.message = {message} "
        f"AND s.source = {TABLE}.source AND s.suggestions = CAST({TABLE}.suggestions AS TEXT))"
    )
    op.drop_table(SCRATCH)
    with op.batch_alter_table(TABLE) as batch:
        batch.alter_column("statement_id", existing_type=sa.String(length=16), nullable=False)
        batch.create_foreign_key(FOREIGN_KEY, STATEMENTS, ["statement_id"], ["id"])
        for column in ("evidence", "source", "suggestions"):
            batch.drop_column(column)


def _kept_findings() -> Iterator[list[dict[str, Any]]]:
    """The kept findings with their statements, a chunk at a time, in key order (each chunk
    read whole, so that it may be written before the next is read)."""
    bind = op.get_bind()
    found = sa.table(
        TABLE,
        sa.column("checkin_id", sa.Integer()),
        sa.column("rule_id", sa.String()),
        sa.column("level", sa.String()),
        sa.column("statement_id", sa.String()),
        sa.column("numbers", sa.JSON()),
    )
    said = sa.table(
        STATEMENTS,
        sa.column("id", sa.String()),
        sa.column("message", sa.Text()),
        sa.column("source", sa.Text()),
        sa.column("suggestions", sa.JSON()),
    )
    query = (
        sa.select(found.c.checkin_id, found.c.rule_id, found.c.level, found.c.numbers, said)
        .join(said, said.c.id == found.c.statement_id)
        .order_by(found.c.checkin_id, found.c.rule_id)
        .limit(CHUNK)
    )
    after = query
    while rows := bind.execute(after).all():
        yield [dict(row._mapping) for row in rows]
        last = sa.tuple_(rows[-1].checkin_id, rows[-1].rule_id)
        after = query.where(sa.tuple_(found.c.checkin_id, found.c.rule_id) > last)


def _old_row(row: dict[str, Any]) -> dict[str, Any]:
    """The columns revision 0010 kept for a finding, as the application wrote them."""
    finding = Finding(
        rule_id=row["rule_id"],
        level=Level(row["level"]),
        message=row["message"],
        params=dict(row["numbers"] or {}),
        source=row["source"],
        suggestions=tuple(row["suggestions"] or ()),
    )
    return {
        "key_checkin": row["checkin_id"],
        "key_rule": row["rule_id"],
        "evidence": finding.message_in("en"),
        "numbers": {**finding.params, MESSAGE: finding.message},
        "source": finding.source,
        "suggestions": list(finding.suggestions),
    }


def downgrade() -> None:
    op.add_column(TABLE, sa.Column("evidence", sa.Text(), nullable=True))
    op.add_column(TABLE, sa.Column("source", sa.Text(), nullable=True))
    op.add_column(TABLE, sa.Column("suggestions", sa.JSON(), nullable=True))
    old = sa.table(
        TABLE,
        sa.column("checkin_id", sa.Integer()),
        sa.column("rule_id", sa.String()),
        sa.column("evidence", sa.Text()),
        sa.column("numbers", sa.JSON()),
        sa.column("source", sa.Text()),
        sa.column("suggestions", sa.JSON()),
    )
    restore = (
        sa.update(old)
        .where(
            old.c.checkin_id == sa.bindparam("key_checkin"),
            old.c.rule_id == sa.bindparam("key_rule"),
        )
        .values(
            evidence=sa.bindparam("evidence"),
            numbers=sa.bindparam("numbers"),
            source=sa.bindparam("source"),
            suggestions=sa.bindparam("suggestions"),
        )
    )
    for chunk in _kept_findings():
        op.get_bind().execute(restore, [_old_row(row) for row in chunk])
    with op.batch_alter_table(TABLE) as batch:
        for name, kind in (("evidence", sa.Text()), ("source", sa.Text())):
            batch.alter_column(name, existing_type=kind, nullable=False)
        batch.alter_column("suggestions", existing_type=sa.JSON(), nullable=False)
        batch.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch.drop_column("statement_id")
    op.drop_table(STATEMENTS)
