"""One team per name: team names in Unicode NFC, trimmed, and unique without case.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 05:00:00

A team name typed with a decomposed accent (e and a combining acute for é), in other case
("sales" beside "Sales") or with spaces around it made a second team, which split a team's
people and its figures in two. The app now keeps names in NFC and trimmed, finds a team
however its case is typed, and refuses to create a look-alike.

This revision brings the stored names in line and lets the database guard the rule:

- A name not in NFC, or with spaces around it, is rewritten so, unless another team already
  has that exact name. The team keeps its id, so its people, leaders, memberships and
  published weeks stay with it; nothing but the bytes of the name changes.
- `teams.name_key` holds the name in NFC, trimmed and case-folded (as
  `wellbeing.domain.people.team_key` makes it), under a unique index, so that two admins
  creating "Sales" and "sales" at the same moment cannot both succeed.
- Teams that already share a key are not merged and keep no key: merging would move people
  and published weeks between teams after the fact (a published week may not change, and
  people count in the team they were in), and neither name is more right than the other.
  The app still finds each by its exact spelling, refuses a name that matches several
  without being one of them, and refuses to create another.

Downgrade drops the key and its index; names stay as this revision left them.
"""

import unicodedata
from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME_LENGTH = 80  # teams.name is a VARCHAR(80)


def _clean(name: str) -> str:
    """The name as the app keeps it now (`validate_team_name` at this revision)."""
    return unicodedata.normalize("NFC", name).strip()


def _key(name: str) -> str:
    """`wellbeing.domain.people.team_key` as it was at this revision."""
    decomposed = unicodedata.normalize("NFD", _clean(name))
    return unicodedata.normalize("NFC", decomposed.casefold())


def upgrade() -> None:
    op.add_column("teams", sa.Column("name_key", sa.String(length=255), nullable=True))
    bind = op.get_bind()
    teams = sa.table("teams", sa.column("id", sa.Integer), sa.column("name"), sa.column("name_key"))
    rows = bind.execute(sa.select(teams.c.id, teams.c.name).order_by(teams.c.id)).all()
    taken = {name for _id, name in rows}
    names: dict[int, str] = {}
    for team_id, name in rows:
        clean = _clean(name)
        if clean != name and clean and len(clean) <= NAME_LENGTH and clean not in taken:
            bind.execute(teams.update().where(teams.c.id == team_id).values(name=clean))
            taken.discard(name)
            taken.add(clean)
            name = clean
        names[team_id] = name
    alike: dict[str, list[int]] = defaultdict(list)
    for team_id, name in names.items():
        alike[_key(name)].append(team_id)
    for key, ids in alike.items():
        if len(ids) == 1:
            bind.execute(teams.update().where(teams.c.id == ids[0]).values(name_key=key))
    op.create_index("ix_teams_name_key", "teams", ["name_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_teams_name_key", table_name="teams")
    op.drop_column("teams", "name_key")
