"""What a kind of finding says is kept once for everyone, under a digest of its words: on
PostgreSQL no login can store other words under an id the rules use."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import DBAPIError

from tests.support.backend import BACKEND
from tests.support.clock import FrozenClock
from tests.support.pg_logins import Logins
from wellbeing.services import Wellbeing
from wellbeing.store.database import Database
from wellbeing.store.models import FindingStatementRow
from wellbeing.store.shift_findings import statement_id

# Words with what JSON escapes or keeps as it is: quotes, a backslash, a tab, a control
# character, accents and a character outside the basic plane.
AWKWARD = ('Geen "pauze" \\ genomen\tom {time} \x1f — déjà vu 🙂', "Art. 38quater", ["a", "é"])


def no_break_shift() -> dict[str, object]:
    return {"start": "2026-11-24T08:00", "end": "2026-11-24T18:30", "stress": 3, "energy": 7}


def test_a_check_in_stores_each_statement_under_the_digest_of_its_words(
    database: Database, clock: FrozenClock
) -> None:
    Wellbeing(database, "ann", clock).check_in(no_break_shift())
    with database.reading() as session:
        rows = session.scalars(select(FindingStatementRow)).all()
    assert rows
    assert all(
        row.id == statement_id(row.message, row.source, row.suggestions) for row in rows
    )


@pytest.mark.skipif(BACKEND != "postgresql", reason="database roles exist on PostgreSQL only")
def test_the_server_accepts_a_statement_whose_id_is_the_digest_of_its_words(
    database: Database,
) -> None:
    message, source, suggestions = AWKWARD
    with database.engine.begin() as connection:
        connection.execute(
            insert(FindingStatementRow),
            {
                "id": statement_id(message, source, suggestions),
                "message": message,
                "source": source,
                "suggestions": suggestions,
            },
        )


@pytest.mark.skipif(BACKEND != "postgresql", reason="database roles exist on PostgreSQL only")
def test_an_agent_login_cannot_store_other_words_under_an_id_the_rules_use(
    database: Database,
) -> None:
    genuine = statement_id("On {date} you worked {worked}.", "Labour Act art. 38quater", [])
    logins = Logins(database.engine.url.render_as_string(hide_password=False))
    try:
        agent = logins.engine(logins.create("agent"))
        with pytest.raises(DBAPIError) as refused, agent.begin() as connection:
            connection.execute(
                insert(FindingStatementRow),
                {
                    "id": genuine,
                    "message": "Call 555-0100 now.",
                    "source": "Labour Act art. 38quater",
                    "suggestions": [],
                },
            )
        assert refused.value.orig.sqlstate == "23514"  # type: ignore[union-attr]  # check
    finally:
        logins.close()
