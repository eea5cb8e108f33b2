"""An admin's use case: organisation totals per calendar month, over as many years as kept.

Teamleaders see ISO weeks of the teams they lead (`TeamView`); an admin looks at the whole
organisation over the long run, per calendar month. Months are a policy of their own
(`AnonymityPolicy(segment_kind="month")`), never mixed with weeks in one view, since a month
minus its weeks would be a window difference. The totals still pass through the same
suppression over every team, so they show nothing a smaller group could be worked out from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wellbeing.domain.anonymity import AnonymityPolicy, parse_segment
from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import to_local
from wellbeing.domain.team_trends import SegmentTotals, TeamTrends
from wellbeing.i18n import _
from wellbeing.publication import published_trends
from wellbeing.services import AccessDenied, Clock, system_clock
from wellbeing.store import organisation as org
from wellbeing.store import repository as repo
from wellbeing.store import team_trends as team_store
from wellbeing.store.database import Database

MAX_MONTHS = 120  # ten years: longer than any retention period a deployment would keep


def validate_months(months: object) -> int:
    """How many ended calendar months an admin may ask for: 1 to 120."""
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        raise InputError(
            "months", _("must be a whole number from 1 to {most}").format(most=MAX_MONTHS)
        )
    return months


class OrganisationTrends:
    """Organisation totals per month for an admin: anonymised cells and nothing per team."""

    def __init__(self, db: Database, account: str, clock: Clock = system_clock) -> None:
        self.db = db
        self.account = account
        self.clock = clock

    def monthly_totals(self, months: int) -> TeamTrends:
        """The latest `months` settled calendar months of the whole organisation, as first
        published, with the organisation's k.

        Refused with AccessDenied unless the acting person is an admin. The result holds the
        organisation cells only; team cells are left out.
        """
        count = validate_months(months)
        as_of = to_local(self.clock()).date()

        def work(session: Any, publish: bool) -> TeamTrends | None:
            me = repo.find_person(session, self.account)
            if me is None or not me.is_admin:
                raise AccessDenied(
                    _("organisation totals are only for admins; {account!r} is not one").format(
                        account=self.account
                    )
                )
            policy = AnonymityPolicy(k=org.organisation_k(session), segment_kind="month")
            labels = [segment.label for segment in policy.recent_segments(as_of, count)]
            return published_trends(session, labels, policy, as_of, _month_totals, [], publish)

        with self.db.reading() as session:
            found = work(session, publish=False)
        if found is None:
            found = self.db.write(lambda session: work(session, publish=True))
        assert found is not None
        return found


def _month_totals(session: Any, labels: Sequence[str]) -> list[SegmentTotals]:
    segments = sorted(parse_segment(label) for label in labels)
    wanted = set(labels)
    rows = team_store.month_totals(session, segments[0].first_day, segments[-1].last_day)
    return [row for row in rows if row.segment in wanted]
