"""Which aggregated team figures a teamleader may see (design.md privacy; domain.md §7).

Three rules keep one person from being picked out of team trends:

* Calendar segments only: ISO weeks ("2026-W48") or months ("2026-11"), one kind per
  deployment, each shown only once it has ended and settled. A rolling window ("the last 12
  weeks" beside "the last 11 weeks"), an overlapping one, or an open week looked at on two days
  differ by a few people's data, and subtracting them is the classic differencing attack.
* A k-threshold on distinct contributors (default 5, never below 3): a smaller group is hidden,
  its contributor count included ("fewer than k").
* No total that holds a hidden group: team trends show the organisation's figures over the
  teams shown only (`suppress_teams`), so a total minus its visible parts is always nobody.
  Where a fixed hierarchy must show full totals, complementary suppression (`suppress`)
  hides more: whatever follows from the visible figures -- a total minus its visible parts,
  and the bounds that the reasons for hiding give away -- must cover at least k people and
  must never pin down a hidden group (Glint hides the next-smallest group; Culture Amp blocks
  a remainder below the minimum).

Honest limits: an aggregate cannot hide what everyone in a group shares (a mean stress of 0 says
each of them reported 0), and people who pool what they know about themselves can narrow down
the rest; noise (differential privacy) belongs above team level, not here.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Generic, Literal, TypeVar

from wellbeing.domain.errors import InputError
from wellbeing.i18n import N_, _

MINIMUM_K = 3
DEFAULT_K = 5
DEFAULT_SETTLE_DAYS = 2
MAX_SETTLE_DAYS = 31
MAX_SEGMENTS = 260

SegmentKind = Literal["week", "month"]
SEGMENT_KINDS: tuple[SegmentKind, ...] = ("week", "month")

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")

Node = TypeVar("Node", bound=Hashable)
Bounds = tuple[int, int | None]  # (lowest, highest or None for unbounded)


# --- calendar segments --------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class CalendarSegment:
    """A whole ISO week or calendar month in Brussels local dates: the only window offered."""

    first_day: date
    last_day: date
    kind: SegmentKind
    label: str

    def previous(self) -> CalendarSegment:
        return segment_containing(self.first_day - timedelta(days=1), self.kind)

    def follows(self, other: CalendarSegment) -> bool:
        """True when this segment starts the day after `other` ends (no gap, no overlap)."""
        return self.kind == other.kind and other.last_day + timedelta(days=1) == self.first_day


def segment_containing(day: date, kind: SegmentKind) -> CalendarSegment:
    """The ISO week or the month that `day` falls in."""
    if kind == "week":
        year, week, weekday = day.isocalendar()
        first = day - timedelta(days=weekday - 1)
        return CalendarSegment(first, first + timedelta(days=6), "week", f"{year:04d}-W{week:02d}")
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return CalendarSegment(
        first, following - timedelta(days=1), "month", f"{day.year:04d}-{day.month:02d}"
    )


def parse_segment(text: str) -> CalendarSegment:
    """Read '2026-W48' or '2026-11'; refuse every other window, rolling or arbitrary."""
    return _parse_label(text) if isinstance(text, str) else _parse_segment(text)


@lru_cache(maxsize=4096)
def _parse_label(text: str) -> CalendarSegment:
    """Reports read a label for every person's row, and the same few labels come back, so
    segments are remembered (a refusal is not: it is raised again each time)."""
    return _parse_segment(text)


def _parse_segment(text: object) -> CalendarSegment:
    cleaned = text.strip() if isinstance(text, str) else ""
    week = _WEEK.match(cleaned)
    month = _MONTH.match(cleaned)
    try:
        if week:
            year, number = int(week.group(1)), int(week.group(2))
            return segment_containing(date.fromisocalendar(year, number, 1), "week")
        if month:
            return segment_containing(date(int(month.group(1)), int(month.group(2)), 1), "month")
    except ValueError:
        raise InputError(
            "segment", _("{text!r} is not a week or month in the calendar").format(text=text)
        ) from None
    raise InputError(
        "segment",
        _(
            "{text!r} is not a calendar segment; use an ISO week such as 2026-W48 or a month "
            "such as 2026-11 (rolling or custom windows are not offered, to protect anonymity)"
        ).format(text=text),
    )


# --- why a figure is hidden ---------------------------------------------------------------


class SuppressionReason(StrEnum):
    """Why a cell is hidden: a code for programs, `explain()` for people."""

    TOO_FEW_CONTRIBUTORS = "too_few_contributors"
    COMPLEMENTARY = "complementary"
    SEGMENT_OPEN = "segment_open"
    # The organisation's cell when no team's figures can be shown: its figures are taken over
    # the teams shown only, so there are none. Given whatever the whole organisation's count,
    # so that the reason tells nothing about how many checked in in the hidden teams.
    NO_TEAM_SHOWN = "no_team_shown"


EXPLANATIONS: Mapping[SuppressionReason, str] = {
    SuppressionReason.TOO_FEW_CONTRIBUTORS: N_(
        "fewer than {k} people checked in: hidden to protect them"
    ),
    SuppressionReason.COMPLEMENTARY: N_("hidden to protect a smaller team"),
    SuppressionReason.SEGMENT_OPEN: N_("shown once this period has ended"),
    SuppressionReason.NO_TEAM_SHOWN: N_(
        "no team's figures can be shown here, so neither can the organisation's"
    ),
}


def explain(reason: SuppressionReason, k: int) -> str:
    """The sentence a person sees in place of a hidden figure, in the current language."""
    return _(EXPLANATIONS[reason]).format(k=k)


# --- the policy ---------------------------------------------------------------------------


def _whole_number(field: str, value: object, lowest: int, highest: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, _("must be a whole number"))
    if value < lowest or (highest is not None and value > highest):
        raise InputError(
            field,
            _("must be at least {lowest}").format(lowest=lowest)
            if highest is None
            else _("must be from {lowest} to {highest}").format(lowest=lowest, highest=highest),
        )
    return value


@dataclass(frozen=True)
class AnonymityPolicy:
    """The rules every team figure passes before a teamleader sees it.

    `k`: fewest distinct contributors a visible figure may describe (never below 3).
    `segment_kind`: weeks or months -- never both, since a month minus its weeks is a window
    difference. `settle_days`: days after a segment ends before it is shown, so late check-ins
    do not change a figure someone has already seen.
    """

    k: int = DEFAULT_K
    segment_kind: SegmentKind = "week"
    settle_days: int = DEFAULT_SETTLE_DAYS

    def __post_init__(self) -> None:
        _whole_number("k", self.k, 0)
        if self.k < MINIMUM_K:
            raise InputError(
                "k",
                _("must be at least {minimum}: smaller groups cannot keep anyone anonymous").format(
                    minimum=MINIMUM_K
                ),
            )
        if self.segment_kind not in SEGMENT_KINDS:
            raise InputError("segment_kind", _("must be 'week' or 'month'"))
        _whole_number("settle_days", self.settle_days, 0, MAX_SETTLE_DAYS)

    def segment(self, text: str) -> CalendarSegment:
        """Parse a segment this policy offers; the other kind is refused."""
        segment = parse_segment(text)
        if segment.kind != self.segment_kind:
            raise InputError(
                "segment",
                _("{label} is a {kind}; team trends here are shown per {offered}").format(
                    label=segment.label, kind=segment.kind, offered=self.segment_kind
                ),
            )
        return segment

    def is_settled(self, segment: CalendarSegment, as_of: date) -> bool:
        """A segment is shown once it ended at least `settle_days` full days before `as_of`."""
        return segment.last_day + timedelta(days=self.settle_days) < as_of

    def recent_segments(self, as_of: date, count: int) -> tuple[CalendarSegment, ...]:
        """The `count` latest settled segments, oldest first: consecutive, never overlapping."""
        _whole_number(f"{self.segment_kind}s", count, 1, MAX_SEGMENTS)
        latest_day = as_of - timedelta(days=self.settle_days + 1)
        latest = segment_containing(latest_day, self.segment_kind)
        if latest.last_day > latest_day:
            latest = latest.previous()
        found = [latest]
        while len(found) < count:
            found.append(found[-1].previous())
        return tuple(reversed(found))

    def suppress_teams(self, contributors: Mapping[Node, int]) -> dict[Node, SuppressionReason]:
        """Hide the teams (groups of one level) with fewer than k contributors.

        Nothing else needs hiding when the total shown beside them is taken over the shown
        teams only (`team_trends`): no visible figure then contains a hidden team, so none can
        be subtracted to work one out, and a large team is never hidden for a small one.
        """
        return {
            team: SuppressionReason.TOO_FEW_CONTRIBUTORS
            for team, count in contributors.items()
            if _whole_number("contributors", count, 0) < self.k
        }

    def suppress(
        self, parents: Mapping[Node, Node | None], contributors: Mapping[Node, int]
    ) -> dict[Node, SuppressionReason]:
        """Decide which groups of one segment to hide.

        `parents` maps every group to the group it is part of (None for a top-level total);
        `contributors` gives the distinct contributors of every leaf group. Each person must
        count in exactly one leaf. Returns the hidden groups with their reason; every other
        group may be shown with its figures.
        """
        hierarchy = _Hierarchy(parents, contributors)
        hidden = {
            node: SuppressionReason.TOO_FEW_CONTRIBUTORS
            for node in hierarchy.nodes
            if hierarchy.count[node] < self.k
        }
        while (extra := _next_to_hide(hierarchy, hidden, self.k)) is not None:
            hidden[extra] = SuppressionReason.COMPLEMENTARY
        return hidden


# --- what a set of visible groups gives away ----------------------------------------------


class _Hierarchy(Generic[Node]):
    """A grouping tree whose leaves hold the people, each person in exactly one leaf."""

    def __init__(
        self, parents: Mapping[Node, Node | None], contributors: Mapping[Node, int]
    ) -> None:
        self.nodes: list[Node] = list(parents)
        self.parent: dict[Node, Node | None] = dict(parents)
        self.children: dict[Node, list[Node]] = {node: [] for node in self.nodes}
        for node, parent in self.parent.items():
            if parent is not None:
                if parent not in self.children:
                    raise InputError("groups", _("a group's parent is not a known group"))
                self.children[parent].append(node)
        self.depth = {node: self._depth(node) for node in self.nodes}
        leaves = [node for node in self.nodes if not self.children[node]]
        if set(contributors) != set(leaves):
            raise InputError("contributors", _("give a count for every lowest-level group"))
        self.count: dict[Node, int] = {}
        for node in sorted(self.nodes, key=self.depth.__getitem__, reverse=True):
            if self.children[node]:
                self.count[node] = sum(self.count[child] for child in self.children[node])
            else:
                self.count[node] = _whole_number("contributors", contributors[node], 0)
        self.rank = {node: index for index, node in enumerate(self.nodes)}
        # Deepest first, so a lower level is settled before the totals above it.
        self.bottom_up = sorted(self.nodes, key=lambda node: -self.depth[node])

    def _depth(self, node: Node) -> int:
        depth, seen = 0, {node}
        parent = self.parent[node]
        while parent is not None:
            if parent in seen:
                raise InputError("groups", _("the grouping hierarchy has a cycle"))
            seen.add(parent)
            depth += 1
            parent = self.parent[parent]
        return depth

    def smallest(self, nodes: list[Node]) -> Node:
        """The group with the fewest contributors; ties go to the one given first."""
        return min(nodes, key=lambda node: (self.count[node], self.rank[node]))

    def hidden_below(self, node: Node, hidden: Mapping[Node, object]) -> Iterator[Node]:
        """Hidden groups reached from `node`'s children without passing a visible group."""
        stack = [child for child in self.children[node] if child in hidden]
        while stack:
            current = stack.pop()
            yield current
            stack.extend(child for child in self.children[current] if child in hidden)

    def visible_below(self, node: Node, hidden: Mapping[Node, object]) -> list[Node]:
        """The nearest visible groups inside `node`: what can be subtracted from it."""
        found: list[Node] = []
        stack = list(self.children[node])
        while stack:
            current = stack.pop()
            if current in hidden:
                stack.extend(self.children[current])
            else:
                found.append(current)
        return found

    def remainder(self, node: Node, hidden: Mapping[Node, object]) -> list[Node]:
        """Hidden leaves of `node` that no visible group inside it accounts for.

        For a visible `node` this is exactly what `node` minus its visible parts discloses.
        """
        if not self.children[node]:
            return [node] if node in hidden else []
        return [leaf for leaf in self.hidden_below(node, hidden) if not self.children[leaf]]

    def visible_ancestor(self, node: Node, hidden: Mapping[Node, object]) -> Node | None:
        parent = self.parent[node]
        while parent is not None and parent in hidden:
            parent = self.parent[parent]
        return parent


def _next_to_hide(
    hierarchy: _Hierarchy[Node], hidden: Mapping[Node, SuppressionReason], k: int
) -> Node | None:
    """One more group to hide while some hidden figure can still be worked out, else None."""
    for node in hierarchy.bottom_up:
        if node in hidden or not hierarchy.children[node]:
            continue
        rest = hierarchy.remainder(node, hidden)
        if rest and sum(hierarchy.count[leaf] for leaf in rest) < k:
            return _widen(hierarchy, node, hidden)
    bounds = _bounds(hierarchy, hidden, k)
    for node in hierarchy.bottom_up:
        lowest, highest = bounds[node]
        if node in hidden and lowest == highest:
            return _unpin(hierarchy, node, hidden)
    return None


def _widen(hierarchy: _Hierarchy[Node], total: Node, hidden: Mapping[Node, object]) -> Node:
    """Hide the next-smallest visible part of `total`, or `total` itself when that part is
    the last one left: a teamleader's own team is worth more than the total beside it."""
    visible = [child for child in hierarchy.children[total] if child not in hidden]
    if len(visible) >= 2:
        return hierarchy.smallest(visible)
    return total


def _unpin(hierarchy: _Hierarchy[Node], node: Node, hidden: Mapping[Node, object]) -> Node | None:
    """Pick a group whose hiding stops the hidden `node` from being pinned down."""
    inside = hierarchy.visible_below(node, hidden)
    ancestor = hierarchy.visible_ancestor(node, hidden)
    if inside and (ancestor is None or not hierarchy.remainder(node, hidden)):
        return hierarchy.smallest(inside)  # `node` is the sum of visible parts
    if ancestor is not None:
        return _widen(hierarchy, ancestor, hidden)
    visible = [candidate for candidate in hierarchy.nodes if candidate not in hidden]
    return hierarchy.smallest(visible) if visible else None


def count_bounds(
    parents: Mapping[Node, Node | None],
    contributors: Mapping[Node, int],
    hidden: Mapping[Node, SuppressionReason],
    k: int,
) -> dict[Node, Bounds]:
    """What an onlooker can tell about each group's contributor count from what is shown.

    Visible counts are exact; "fewer than k" bounds a hidden count from above, a
    complementary hide (only ever a group of k or more) from below; and every total is the
    sum of its parts. A hidden group whose bounds meet has been worked out.
    """
    return _bounds(_Hierarchy(parents, contributors), hidden, k)


def _bounds(
    hierarchy: _Hierarchy[Node], hidden: Mapping[Node, SuppressionReason], k: int
) -> dict[Node, Bounds]:
    """Propagate the bounds to a fixed point: on a tree, the tightest ones there are."""
    lowest: dict[Node, int] = {}
    highest: dict[Node, int | None] = {}
    for node in hierarchy.nodes:
        reason = hidden.get(node)
        if reason is None:
            lowest[node] = highest[node] = hierarchy.count[node]
        elif reason is SuppressionReason.COMPLEMENTARY:
            lowest[node], highest[node] = k, None
        else:
            lowest[node], highest[node] = 0, k - 1
    totals = [node for node in hierarchy.bottom_up if hierarchy.children[node]]
    changed = True
    while changed:
        changed = False
        for total in totals:
            parts = hierarchy.children[total]
            parts_low = sum(lowest[part] for part in parts)
            unbounded = sum(1 for part in parts if highest[part] is None)
            parts_high = sum(highest[part] or 0 for part in parts)
            new_low = max(lowest[total], parts_low)
            new_high = _smaller(highest[total], None if unbounded else parts_high)
            if (new_low, new_high) != (lowest[total], highest[total]):
                lowest[total], highest[total], changed = new_low, new_high, True
            for part in parts:
                others_unbounded = unbounded - (highest[part] is None)
                others_high = parts_high - (highest[part] or 0)
                others_low = parts_low - lowest[part]
                low = lowest[part]
                if not others_unbounded:
                    low = max(low, lowest[total] - others_high)
                high, top = highest[part], highest[total]
                if top is not None:
                    high = _smaller(high, top - others_low)
                if (low, high) != (lowest[part], highest[part]):
                    lowest[part], highest[part], changed = low, high, True
    return {node: (lowest[node], highest[node]) for node in hierarchy.nodes}


def _smaller(first: int | None, second: int | None) -> int | None:
    if first is None:
        return second
    if second is None:
        return first
    return min(first, second)
