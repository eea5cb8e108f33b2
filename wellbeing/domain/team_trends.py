"""Team and organisation figures per calendar segment, passed through the anonymity policy.

Input is one row per person per segment (`PersonSegment`), already reduced by the store to
that person's own means and counts. Output (`TeamTrends`) holds only cells per team and for the
whole organisation: counts, means and shares rounded for reading, or the reason a cell is
hidden. No person key, per-person value, free text or time of day ever reaches it.

Figures, for the distinct people who checked in during the segment (the contributors):

* mean stress / mean energy: each person's own mean first, then the mean across people, so
  one frequent checker weighs as much as anyone else (FlourishDx; domain.md §7). One decimal.
* break compliance: of the shifts on which the law required a break (more than 6 h worked,
  art. 38quater Arbeidswet), the percentage on which a break of at least 15 minutes began by
  the time 6 h of work were reached. Shifts that needed no break are left out; a cell where no
  shift needed one has no figure rather than 100 %. Only the people who worked such a shift
  count here, and a teamleader knows who works the long shifts: with fewer than k of them the
  cell has no figure, and the organisation's figure leaves that team out. Whole percent.
* quick returns: percentage of all shifts that began less than 11 h after the same person's
  previous shift ended (art. 38ter; Öster et al. 2024). Whole percent.
* orange or red: percentage of contributors whose overall level was orange or red at some
  point in the segment. Whole percent.
* hours per person: mean across contributors of the hours each worked. One decimal.

The arithmetic is exact and does not depend on the order in which people are added up, so the
store may sum them in SQL, per team, and PostgreSQL's own trend function gives the same cells
to the last digit: each person's mean is taken to the millionth (half up) and hours are kept
in whole minutes, so sums are integers, and only the cell's figure is rounded, half up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wellbeing.domain.anonymity import (
    AnonymityPolicy,
    CalendarSegment,
    SegmentKind,
    SuppressionReason,
    explain,
    parse_segment,
)
from wellbeing.domain.errors import InputError, input_error_from
from wellbeing.i18n import _

ORGANISATION = "organisation"  # the top of the grouping tree; teams hang below it
MAX_SHIFTS_PER_SEGMENT = 62  # two shifts a day through a 31-day month
MAX_HOURS_PER_SEGMENT = 24 * 31
MEAN_SCALE = 1_000_000  # a person's mean stress or energy counts in millionths
MINUTE_SCALE = 1_000_000  # and their hours in millionths of a minute


def person_mean_units(total: int, count: int) -> int:
    """A person's mean (`total` over `count` check-ins) in millionths, rounded half up.

    The same integer formula runs in the store's SQL and in PostgreSQL's trend function.
    """
    return (2 * MEAN_SCALE * total + count) // (2 * count)


class PersonSegment(BaseModel):
    """One person's check-ins in one team and one calendar segment, as the store reduces them.

    `person_key` is an opaque pseudonym used only to count distinct people; it never leaves
    this module. A person counts in exactly one team per segment.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    person_key: str = Field(min_length=1, max_length=128)
    team_id: int
    segment: str
    mean_stress: float = Field(ge=0, le=10)
    mean_energy: float = Field(ge=0, le=10)
    shifts: int = Field(ge=1, le=MAX_SHIFTS_PER_SEGMENT)
    shifts_break_due: int = Field(ge=0)
    shifts_with_legal_break: int = Field(ge=0)
    shifts_after_quick_return: int = Field(ge=0)
    hours_worked: float = Field(ge=0, le=MAX_HOURS_PER_SEGMENT)
    overall_level_orange_or_red: bool

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise input_error_from(exc) from None

    @field_validator("segment")
    @classmethod
    def _calendar_segment(cls, value: str) -> str:
        return parse_segment(value).label

    @model_validator(mode="after")
    def _counts_fit(self) -> PersonSegment:
        if self.shifts_break_due > self.shifts:
            raise InputError("shifts_break_due", _("cannot exceed the number of shifts"))
        if self.shifts_with_legal_break > self.shifts_break_due:
            raise InputError(
                "shifts_with_legal_break",
                _("cannot exceed the number of shifts that needed a legal break"),
            )
        if self.shifts_after_quick_return > self.shifts:
            raise InputError("shifts_after_quick_return", _("cannot exceed the number of shifts"))
        return self

    def totals(self) -> SegmentTotals:
        """This person's figures as the sums of a one-person group."""
        return SegmentTotals(
            segment=self.segment,
            team_id=self.team_id,
            contributors=1,
            stress_units=_units(self.mean_stress, MEAN_SCALE),
            energy_units=_units(self.mean_energy, MEAN_SCALE),
            shifts=self.shifts,
            shifts_break_due=self.shifts_break_due,
            shifts_with_legal_break=self.shifts_with_legal_break,
            shifts_after_quick_return=self.shifts_after_quick_return,
            worked_units=_units(self.hours_worked, 60 * MINUTE_SCALE),
            orange_or_red=int(self.overall_level_orange_or_red),
            break_due_people=int(self.shifts_break_due > 0),
        )


@dataclass(frozen=True, slots=True)
class SegmentTotals:
    """The sums over the contributors of one team in one segment: what every figure needs.

    Sums add up across teams to the organisation's, in any order. The store computes them in
    SQL; `PersonSegment.totals` gives those of one person. Nobody is named in them.
    """

    segment: str
    team_id: int
    contributors: int
    stress_units: int  # sum of each contributor's mean stress, in millionths
    energy_units: int
    shifts: int
    shifts_break_due: int
    shifts_with_legal_break: int
    shifts_after_quick_return: int
    worked_units: int  # minutes worked, in millionths of a minute
    orange_or_red: int  # contributors whose overall level was orange or red
    break_due_people: int  # contributors with a shift that needed a legal break

    def __post_init__(self) -> None:
        counts = _sums(self)
        # One pass for both checks: a report builds some two thousand of these.
        if not all(type(count) is int for count in counts) or min(counts) < 0:
            raise InputError("totals", _("sums must be whole numbers, not negative"))
        if not (
            self.shifts_with_legal_break <= self.shifts_break_due <= self.shifts
            and self.shifts_after_quick_return <= self.shifts
            and self.orange_or_red <= self.contributors <= self.shifts
            and self.break_due_people <= min(self.contributors, self.shifts_break_due)
            and (self.break_due_people > 0) == (self.shifts_break_due > 0)
            and self.stress_units <= 10 * MEAN_SCALE * self.contributors
            and self.energy_units <= 10 * MEAN_SCALE * self.contributors
        ):
            raise InputError("totals", _("sums that do not fit together"))

    def __add__(self, other: SegmentTotals) -> SegmentTotals:
        return _sum_of(self.segment, self.team_id, [self, other])


# Every field of `SegmentTotals` after its segment and team: what adds up across groups.
_SUMMED = tuple(field.name for field in fields(SegmentTotals)[2:])
_sums = attrgetter(*_SUMMED)


def _sum_of(segment: str, team_id: int, parts: list[SegmentTotals]) -> SegmentTotals:
    """The sums of several groups (of a team's people, or of every team), in one pass."""
    columns = zip(*map(_sums, parts), strict=True)
    return SegmentTotals(segment, team_id, *map(sum, columns))


def _units(value: float, scale: int) -> int:
    """A decimal figure in whole units of 1/`scale`, half up, from its shortest form."""
    return int((Decimal(repr(value)) * scale).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class _Output(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


MEAN_BAND = 0.5  # a mean within this of the scale's end (0 or 10) is shown as a band
SHARE_BAND = 10  # a share within this many percent of 0 or 100 is shown as a band
MEAN_FIELDS = ("mean_stress", "mean_energy")
SHARE_FIELDS = ("break_compliance_percent", "quick_return_percent", "orange_or_red_percent")
PEOPLE_SHARE = "orange_or_red_percent"  # the one share counted in people, not shifts
BandSide = Literal["at_most", "at_least"]


def share_band_edge(contributors: int) -> int:
    """How close to 0 % or 100 % a share of this group is shown only as a band.

    At least 10 %, and at least one person's share (rounded up), so that "20 % or less" of
    five people never tells that nobody (or everybody) answered so.
    """
    return max(SHARE_BAND, -(-100 // max(contributors, 1)))


def _share_edge(name: str, contributors: int) -> int:
    """Shares of people widen with small groups; shares of shifts (several per person) keep
    the 10 % edge."""
    return share_band_edge(contributors) if name == PEOPLE_SHARE else SHARE_BAND


class Band(NamedTuple):
    """A figure shown as "`bound` or less" (`at_most`) or "`bound` or more" (`at_least`)."""

    side: BandSide
    bound: float


class TrendFigures(_Output):
    """What a visible cell shows: aggregates over at least k people, nothing per person.

    A share or mean at the end of its scale would say that all (or none) of the group
    answered alike, which gives away each member's answer; such figures are kept only as
    the band's edge (0.5 and 9.5 for means; 10 % and 90 % for shares, and at least one
    person's share for the share of people at orange or red), so the exact figure is never
    stored or shown. `band` tells them apart.
    """

    contributors: int
    mean_stress: float
    mean_energy: float
    break_compliance_percent: int | None
    quick_return_percent: int
    orange_or_red_percent: int
    hours_per_person: float

    @model_validator(mode="before")
    @classmethod
    def _tails_as_bands(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("contributors"), int):
            return data
        banded = dict(data)
        for name in MEAN_FIELDS:
            value = banded.get(name)
            if isinstance(value, int | float):
                banded[name] = min(max(float(value), MEAN_BAND), 10 - MEAN_BAND)
        for name in SHARE_FIELDS:
            value = banded.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                edge = _share_edge(name, banded["contributors"])
                banded[name] = min(max(value, edge), 100 - edge)
        return banded

    def band(self, name: str) -> Band | None:
        """The band `name` is shown as, or None when its figure is exact."""
        value = getattr(self, name)
        if value is None:
            return None
        if name in MEAN_FIELDS:
            low, high = MEAN_BAND, 10 - MEAN_BAND
        elif name in SHARE_FIELDS:
            low = _share_edge(name, self.contributors)
            high = 100 - low
        else:
            return None
        if value <= low:
            return Band("at_most", low)
        if value >= high:
            return Band("at_least", high)
        return None

    def text(self, name: str, tenths: Callable[[float], str] = "{:.1f}".format) -> str:
        """`name` as a table shows it: one decimal for means and hours (`tenths` writes it
        in the reader's conventions), whole percent for shares, "≤"/"≥" before a band's
        edge, "-" where there is no figure."""
        value = getattr(self, name)
        if value is None:
            return "-"
        shown = f"{value} %" if name in SHARE_FIELDS else tenths(value)
        found = self.band(name)
        if found is None:
            return shown
        return ("≤" if found.side == "at_most" else "≥") + shown

    def as_data(self) -> dict[str, Any]:
        """The figures for JSON: a banded figure is null, its band under "bands"."""
        bands = self.bands()
        data = {name: None if name in bands else value for name, value in self}
        data["bands"] = {
            name: {"side": found.side, "bound": found.bound} for name, found in bands.items()
        }
        return data

    def bands(self) -> dict[str, Band]:
        """Every banded figure of this cell, by field name."""
        return {
            name: found
            for name in (*MEAN_FIELDS, *SHARE_FIELDS)
            if (found := self.band(name)) is not None
        }


class TrendCell(_Output):
    """One team (or, with `team_id` None, the whole organisation) in one segment.

    `k` is the threshold the cell was made under: its figures cover at least k people, or it
    is hidden because fewer than k checked in. A published cell keeps its own k whatever the
    organisation's k became later.
    """

    segment: str
    team_id: int | None
    k: int
    figures: TrendFigures | None = None
    hidden: SuppressionReason | None = None

    @model_validator(mode="after")
    def _figures_or_reason(self) -> TrendCell:
        if (self.figures is None) == (self.hidden is None):
            raise ValueError("a cell has either figures or the reason it is hidden")
        return self

    @property
    def visible(self) -> bool:
        return self.figures is not None


class HiddenTeams(_Output):
    """How many teams the organisation's figures of one segment leave out because fewer
    than k of their people checked in: a count of teams, never of people."""

    segment: str
    teams: int = Field(ge=0)


class TeamTrends(_Output):
    """Every team's cells and the organisation totals, suppressed together.

    `k` is the organisation's k now: what segments still to be published will be made
    under. Each cell carries the k it was made under (`TrendCell.k`), which for a segment
    published before an admin changed k is the k of that day.
    """

    k: int
    segment_kind: SegmentKind
    segments: tuple[str, ...]
    teams: tuple[TrendCell, ...]
    organisation: tuple[TrendCell, ...]
    teams_hidden: tuple[HiddenTeams, ...] | None = None
    """For each segment whose organisation cell has figures, how many teams those figures
    leave out because fewer than k of their people checked in (0 when none; a team nobody
    checked in for is not counted: it has nobody to leave out), counted over the whole
    organisation before the view was narrowed. None when whoever asked cannot know: a
    teamleader's own PostgreSQL login receives its own teams' cells only. Never given for a
    hidden organisation cell, whose reason is the same whatever the count."""

    def for_teams(self, team_ids: Iterable[int]) -> TeamTrends:
        """The same report narrowed to some teams, e.g. those a teamleader leads.

        Suppression was decided over every team, so any narrower view stays safe.
        """
        wanted = set(team_ids)
        return self.model_copy(
            update={"teams": tuple(cell for cell in self.teams if cell.team_id in wanted)}
        )

    def teams_hidden_in(self, segment: str) -> int | None:
        """How many teams the organisation's figures of `segment` leave out because fewer
        than k of their people checked in; None when that is not known or when the
        organisation's cell is hidden."""
        if self.teams_hidden is None:
            return None
        return next((found.teams for found in self.teams_hidden if found.segment == segment), None)

    def series(self, team_id: int | None) -> tuple[TrendCell, ...]:
        """One team's cells (or the organisation's, for None), oldest segment first."""
        if team_id is None:
            return self.organisation
        return tuple(cell for cell in self.teams if cell.team_id == team_id)

    def explain(self, cell: TrendCell) -> str:
        """Why a cell is hidden, in words for the person looking at it, with the k that hid
        it (which is the organisation's k of the day the cell was published)."""
        return explain(cell.hidden, cell.k) if cell.hidden is not None else ""

    def segment_k(self) -> dict[str, int]:
        """The k each segment's cells were made under, by segment, oldest first.

        A segment's cells are published together with one k; should two of its cells shown
        here differ even so, the smaller k is given, so "at least k people" stays true.
        """
        found: dict[str, int] = {}
        for cell in (*self.teams, *self.organisation):
            found[cell.segment] = min(found.get(cell.segment, cell.k), cell.k)
        return {segment: found[segment] for segment in self.segments if segment in found}

    def uniform_k(self) -> int | None:
        """The one k every cell shown was made under, or None when they differ (weeks
        published before and after an admin changed k). `k` when there are no cells."""
        ks = set(self.segment_k().values())
        if not ks:
            return self.k
        return ks.pop() if len(ks) == 1 else None

    def k_groups(self) -> tuple[tuple[int, tuple[tuple[str, str], ...]], ...]:
        """The segments shown grouped by the k they were made under, each group as runs of
        consecutive segments (first, last), groups in the order of their first segment."""
        by_k: dict[int, list[tuple[str, str]]] = {}
        previous_k: int | None = None
        for segment, k in self.segment_k().items():
            runs = by_k.setdefault(k, [])
            if k == previous_k:  # the run of the segment before goes on
                runs[-1] = (runs[-1][0], segment)
            else:
                runs.append((segment, segment))
            previous_k = k
        return tuple((k, tuple(runs)) for k, runs in by_k.items())


def build_team_trends(
    rows: Iterable[PersonSegment],
    *,
    teams: Iterable[int],
    segments: Iterable[str],
    policy: AnonymityPolicy,
    as_of: date,
) -> TeamTrends:
    """Aggregate per-person rows into team and organisation cells that are safe to show.

    `teams` must list every team of the organisation that has members, and `rows` must hold
    every contributor of those teams in the requested segments: complementary suppression is
    decided over the whole organisation, then `TeamTrends.for_teams` narrows the view.
    `as_of` (a Brussels date) decides which segments have settled.
    """
    wanted = _requested(segments, policy)
    team_ids = _team_ids(teams)
    return _build(
        _summed(rows, {segment.label for segment in wanted}, set(team_ids)),
        team_ids,
        wanted,
        policy,
        as_of,
    )


def build_team_trends_from_totals(
    totals: Iterable[SegmentTotals],
    *,
    teams: Iterable[int],
    segments: Iterable[str],
    policy: AnonymityPolicy,
    as_of: date,
    shown: Iterable[int] | None = None,
) -> TeamTrends:
    """As `build_team_trends`, from sums per team and segment that the store already added up
    (at most one `SegmentTotals` per team and segment).

    `shown`: build the cells of these teams only (as `TeamTrends.for_teams` would keep);
    suppression is still decided over every team.
    """
    wanted = _requested(segments, policy)
    team_ids = _team_ids(teams)
    labels = {segment.label for segment in wanted}
    known = set(team_ids)
    grouped: dict[str, dict[int, SegmentTotals]] = defaultdict(dict)
    for total in totals:
        _check_row(total.segment, total.team_id, labels, known)
        if total.team_id in grouped[total.segment]:
            raise InputError(
                "team_id",
                _("a team appears twice in {label}").format(label=total.segment),
            )
        grouped[total.segment][total.team_id] = total
    return _build(grouped, team_ids, wanted, policy, as_of, shown)


def _team_ids(teams: Iterable[int]) -> tuple[int, ...]:
    team_ids = tuple(sorted(set(teams)))
    if not team_ids:
        raise InputError("teams", _("name at least one team"))
    return team_ids


def _build(
    grouped: dict[str, dict[int, SegmentTotals]],
    team_ids: tuple[int, ...],
    wanted: list[CalendarSegment],
    policy: AnonymityPolicy,
    as_of: date,
    shown: Iterable[int] | None = None,
) -> TeamTrends:
    if shown is None:
        cells_for = team_ids
    else:
        chosen = set(shown)
        cells_for = tuple(team for team in team_ids if team in chosen)
    team_cells: dict[int, list[TrendCell]] = {team: [] for team in cells_for}
    organisation: list[TrendCell] = []
    teams_hidden: list[HiddenTeams] = []
    for segment in wanted:
        sums = grouped.get(segment.label, {})
        if policy.is_settled(segment, as_of):
            counts: dict[int | str, int] = {
                team: sums[team].contributors if team in sums else 0 for team in team_ids
            }
            hidden = policy.suppress_teams(counts)
        else:
            hidden = dict.fromkeys([ORGANISATION, *team_ids], SuppressionReason.SEGMENT_OPEN)
        # The organisation's figures are those of the teams shown, so that no total holds a
        # hidden team and no team beside a small one has to be hidden to protect it.
        shown_sums = [sums[team] for team in team_ids if team in sums and team not in hidden]
        everyone = _sum_of(segment.label, 0, shown_sums) if shown_sums else None
        if everyone is None and ORGANISATION not in hidden:
            # Not "fewer than k": twenty people may have checked in, in teams of four. The
            # reason is the same whatever the count, so that it gives none away.
            hidden[ORGANISATION] = SuppressionReason.NO_TEAM_SHOWN
        if everyone is not None:
            everyone = _breaks_of_shown(everyone, shown_sums, policy.k)
        organisation.append(
            _cell(segment.label, None, everyone, hidden.get(ORGANISATION), policy.k)
        )
        if organisation[-1].visible:
            # Teams somebody checked in for whose cells are hidden: left out of the figures.
            left_out = sum(
                1
                for team in team_ids
                if team in sums and hidden.get(team) is SuppressionReason.TOO_FEW_CONTRIBUTORS
            )
            teams_hidden.append(HiddenTeams(segment=segment.label, teams=left_out))
        for team in cells_for:
            team_cells[team].append(
                _cell(segment.label, team, sums.get(team), hidden.get(team), policy.k)
            )
    return TeamTrends(
        k=policy.k,
        segment_kind=policy.segment_kind,
        segments=tuple(segment.label for segment in wanted),
        teams=tuple(cell for team in cells_for for cell in team_cells[team]),
        organisation=tuple(organisation),
        teams_hidden=tuple(teams_hidden),
    )


def _requested(segments: Iterable[str], policy: AnonymityPolicy) -> list[CalendarSegment]:
    parsed: dict[str, CalendarSegment] = {}
    for text in segments:
        segment = policy.segment(text)
        if segment.label in parsed:
            raise InputError(
                "segments", _("{label} is asked for twice").format(label=segment.label)
            )
        parsed[segment.label] = segment
    if not parsed:
        raise InputError("segments", _("ask for at least one week or month"))
    return sorted(parsed.values())


def _check_row(segment: str, team_id: int, labels: set[str], team_ids: set[int]) -> None:
    if segment not in labels:
        raise InputError("segment", _("{label} was not asked for").format(label=segment))
    if team_id not in team_ids:
        raise InputError("team_id", _("a row names a team that was not listed"))


def _summed(
    rows: Iterable[PersonSegment], labels: set[str], team_ids: set[int]
) -> dict[str, dict[int, SegmentTotals]]:
    grouped: dict[str, dict[int, SegmentTotals]] = defaultdict(dict)
    seen: set[tuple[str, str]] = set()
    for row in rows:
        _check_row(row.segment, row.team_id, labels, team_ids)
        if (row.segment, row.person_key) in seen:
            raise InputError(
                "person_key",
                _("a person appears twice in {label}; each counts in one team").format(
                    label=row.segment
                ),
            )
        seen.add((row.segment, row.person_key))
        known = grouped[row.segment].get(row.team_id)
        grouped[row.segment][row.team_id] = row.totals() if known is None else known + row.totals()
    return grouped


def _breaks_of_shown(everyone: SegmentTotals, shown: list[SegmentTotals], k: int) -> SegmentTotals:
    """The organisation's sums with the breaks of only those teams whose break figure is
    shown: with one left in, the organisation's figure minus the others' would give it."""
    if not any(0 < team.break_due_people < k for team in shown):
        return everyone  # no team's break figure is hidden
    kept = [team for team in shown if team.break_due_people >= k]
    return replace(
        everyone,
        shifts_break_due=sum(team.shifts_break_due for team in kept),
        shifts_with_legal_break=sum(team.shifts_with_legal_break for team in kept),
        break_due_people=sum(team.break_due_people for team in kept),
    )


def _cell(
    segment: str,
    team_id: int | None,
    sums: SegmentTotals | None,
    hidden: SuppressionReason | None,
    k: int,
) -> TrendCell:
    if hidden is not None:
        return TrendCell(segment=segment, team_id=team_id, k=k, hidden=hidden)
    if sums is None or sums.contributors == 0:
        # A group nobody contributed to is always hidden by the policy (0 < k); this keeps
        # a division by zero out of reach even so.
        return TrendCell(
            segment=segment, team_id=team_id, k=k, hidden=SuppressionReason.TOO_FEW_CONTRIBUTORS
        )
    return TrendCell(segment=segment, team_id=team_id, k=k, figures=_figures(sums, k))


def _figures(sums: SegmentTotals, k: int) -> TrendFigures:
    count = sums.contributors
    return TrendFigures(
        contributors=count,
        mean_stress=_tenths(sums.stress_units, count * MEAN_SCALE),
        mean_energy=_tenths(sums.energy_units, count * MEAN_SCALE),
        break_compliance_percent=(
            _percent(sums.shifts_with_legal_break, sums.shifts_break_due)
            if sums.break_due_people >= k
            else None
        ),
        quick_return_percent=_percent(sums.shifts_after_quick_return, sums.shifts),
        orange_or_red_percent=_percent(sums.orange_or_red, count),
        hours_per_person=_tenths(sums.worked_units, count * 60 * MINUTE_SCALE),
    )


def _tenths(part: int, whole: int) -> float:
    """`part` / `whole` to one decimal, rounded half up, in exact integer arithmetic."""
    return ((20 * part + whole) // (2 * whole)) / 10


def _percent(part: int, whole: int) -> int:
    """A whole percentage, rounded half up, in exact integer arithmetic."""
    return (200 * part + whole) // (2 * whole)
