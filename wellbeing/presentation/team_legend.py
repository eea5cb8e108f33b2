"""How to read a team's table: the same words on the command line and in the app.

A heading says how many people each figure covers at least: the k the figures were published
under. Weeks (or months) published before an admin changed k keep the k of their day, so when
the segments shown were published under more than one k, or under another k than today's, the
heading names today's k (the one segments still to be published will use) and, per k, the
segments published under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from wellbeing.i18n import _, counted

if TYPE_CHECKING:
    from wellbeing.domain.team_trends import TeamTrends

NO_FIGURE = "-"  # a figure a cell does not give


def two_lines(label: str) -> str:
    """The label broken at the space or slash that leaves its longer line shortest, so
    that eight columns fit 80 terminal columns in French ("Heures/" over "personne")."""
    breaks = [i + 1 for i, char in enumerate(label) if char in " /"]
    if not breaks:
        return label
    at = min(breaks, key=lambda i: max(len(label[:i].rstrip()), len(label[i:])))
    return f"{label[:at].rstrip()}\n{label[at:]}"


def table_legend(k: int | None) -> tuple[str, ...]:
    """One line per column of the team table, and one for the bands, with the cells' k
    (None: the weeks shown were published under different k)."""
    if k is None:
        breaks = _(
            "Breaks ok: of the shifts that needed a legal break, those where it was taken in "
            "time ({none}: no shift needed one, or fewer people worked one than the k of the "
            "week)."
        ).format(none=NO_FIGURE)
    else:
        breaks = _(
            "Breaks ok: of the shifts that needed a legal break, those where it was taken in "
            "time ({none}: no shift needed one, or fewer than {k} people worked one)."
        ).format(none=NO_FIGURE, k=k)
    return (
        _("People: the people who checked in that week."),
        _("Stress and energy: 0-10, each person's own mean first, then the mean of those."),
        breaks,
        _("Quick returns: shifts that began less than 11 hours after the previous one ended."),
        _("Orange/red: people whose overall level was orange or red that week."),
        _("Hours/person: hours worked per person who checked in."),
        _(
            "≤ and ≥: a figure near the end of its scale is shown as a band, so that a group "
            "that answered alike does not give away each person's answer."
        ),
    )


def segment_runs(runs: tuple[tuple[str, str], ...]) -> str:
    """Runs of consecutive weeks or months as "2026-W45 to 2026-W48, 2026-W50"."""
    return ", ".join(
        first if first == last else _("{first} to {last}").format(first=first, last=last)
        for first, last in runs
    )


def week_runs(weeks: Sequence[str], segments: Sequence[str]) -> str:
    """Some of `segments` (in their order) as runs: "2026-W36 to 2026-W43, 2026-W46"."""
    position = {segment: index for index, segment in enumerate(segments)}
    runs: list[tuple[str, str]] = []
    for week in weeks:
        if runs and position[week] == position[runs[-1][1]] + 1:
            runs[-1] = (runs[-1][0], week)
        else:
            runs.append((week, week))
    return segment_runs(tuple(runs))


def k_lines(trends: TeamTrends) -> tuple[str, ...]:
    """Today's k, then each k the segments shown were published under, with those segments."""
    return (
        _("k is now {k}: figures published from now on cover at least {k} people each.").format(
            k=trends.k
        ),
        *(
            _("{segments}: published under k = {k}, at least {k} people per figure").format(
                segments=segment_runs(runs), k=k
            )
            for k, runs in trends.k_groups()
        ),
    )


def team_heading(team: str, trends: TeamTrends) -> tuple[str, ...]:
    """The heading of a team's weeks: one line when every week shown was published under
    today's k, else a line for the team and the weeks, then `k_lines`."""
    first, last = trends.segments[0], trends.segments[-1]
    if trends.uniform_k() == trends.k:
        return (
            _(
                "Team {team}, ISO weeks {first} to {last} (each figure covers at least {k} people)"
            ).format(team=team, first=first, last=last, k=trends.k),
        )
    return (
        _("Team {team}, ISO weeks {first} to {last}").format(team=team, first=first, last=last),
        *k_lines(trends),
    )


def organisation_heading(trends: TeamTrends) -> tuple[str, ...]:
    """The heading of the organisation's months, as `team_heading` does for a team."""
    first, last = trends.segments[0], trends.segments[-1]
    if trends.uniform_k() == trends.k:
        return (
            _(
                "Whole organisation, months {first} to {last} (each figure covers at least "
                "{k} people, in the teams shown)"
            ).format(first=first, last=last, k=trends.k),
        )
    return (
        _("Whole organisation, months {first} to {last} (in the teams shown)").format(
            first=first, last=last
        ),
        *k_lines(trends),
    )


def left_out_lines(trends: TeamTrends) -> tuple[str, ...]:
    """Under the organisation's figures: the segments whose figures leave out teams hidden
    because fewer than k of their people checked in, how many teams and why, one line per
    count and k (its segments as runs). A count of teams only, never of people, and none for
    a hidden organisation cell (whose reason says enough). When whoever asked cannot know the
    count, one line says that a hidden team is never in these figures."""
    if trends.teams_hidden is None:
        return (_("A team hidden in a week is not in that week's figures."),)
    k_of = trends.segment_k()
    by_count: dict[tuple[int, int], list[str]] = {}
    for found in trends.teams_hidden:
        if found.teams > 0:
            key = (found.teams, k_of.get(found.segment, trends.k))
            by_count.setdefault(key, []).append(found.segment)
    return tuple(
        _(
            "{segment}: {teams} (fewer than {k} people checked in per team), not in these figures"
        ).format(
            segment=week_runs(segments, trends.segments),
            teams=counted("{count} team hidden", "{count} teams hidden", teams),
            k=k,
        )
        for (teams, k), segments in by_count.items()
    )
