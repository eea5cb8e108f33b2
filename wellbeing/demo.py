"""Realistic synthetic data: teams of agents working rotating shifts in a Belgian contact centre.

The generator exists so that trends, rules and the anonymised team views can be tried and
measured at any scale without real people's data. It is deterministic for a seed: every agent
draws from a random stream of its own, so the output does not depend on how it is chunked.

Schedules are planned in Brussels wall-clock time and converted to UTC per day, so shifts keep
their local start times across daylight-saving changes while their length is real elapsed time
(domain.md §4: a 22:00-06:30 night shift lasts 9 h 30 when the clocks go back). Breaks follow
art. 38quater of the Arbeidswet most of the time, with some skipped or taken too late.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import os
import random
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import BRUSSELS, iso_week_label
from wellbeing.domain.shift_facts import ShiftFacts, legal_break_ok
from wellbeing.i18n import _
from wellbeing.store import bulk, repository
from wellbeing.store.database import Database

Progress = Callable[[int, int], None]

AGENTS_PER_TEAM = 13
MAX_AGENTS = 100_000
MAX_DAYS = 3_700
SHIFTS_PER_TRANSACTION = 20_000
PARALLEL_FROM_AGENT_DAYS = 50_000
MIN_REST = timedelta(hours=7)

# Local start times (minutes after midnight) per kind of shift. No two differ by exactly an
# hour, so a time converted with the wrong UTC offset can never pass for a planned one.
SHIFT_STARTS: dict[str, tuple[int, ...]] = {
    "early": (6 * 60 + 30, 7 * 60),
    "day": (8 * 60 + 15, 8 * 60 + 45),
    "late": (12 * 60 + 45, 13 * 60 + 15, 14 * 60),
    "night": (22 * 60,),
}
ROTATIONS: tuple[tuple[str, ...], ...] = (
    ("early", "day", "late"),
    ("early", "late"),
    ("day",),
    ("early",),
    ("late",),
    ("early", "late", "night"),
)
ROTATION_WEIGHTS = (40, 15, 20, 8, 9, 8)

# Contacts an agent handles per worked hour on each channel (phone handling time of about
# six minutes plus wrap-up; chat sessions run two at a time).
CONTACT_RATES = {"phone": 8.5, "email": 6.5, "chat": 10.0, "social": 5.5}
CHANNEL_MIXES: tuple[dict[str, float], ...] = (
    {"phone": 1.0},
    {"phone": 0.7, "email": 0.3},
    {"chat": 0.6, "email": 0.4},
    {"phone": 0.4, "email": 0.2, "chat": 0.3, "social": 0.1},
    {"social": 0.5, "chat": 0.5},
)
CHANNEL_MIX_WEIGHTS = (45, 20, 15, 15, 5)

SECTORS = ("Telecom", "Banking", "Insurance", "Energy", "Parcels", "E-commerce", "Public service")
TEAM_LANGUAGES = (("nl", "NL", 55), ("fr", "FR", 35), ("en", "EN", 10))
NOTES = {
    "nl": ("Lange wachtrij vandaag", "Een agressieve beller", "Rustige dag", "Systeem lag plat"),
    "fr": ("Longue file d'attente", "Un client agressif", "Journée calme", "Panne du système"),
    "en": ("Long queue today", "One aggressive caller", "Quiet day", "The CRM was down"),
}

_MINUTES = [timedelta(minutes=m) for m in range(24 * 60)]


@dataclass(frozen=True)
class DemoSummary:
    teams: int
    agents: int
    leaders: int
    shifts: int
    breaks: int
    checkins: int
    first_day: date
    last_day: date


@dataclass(frozen=True)
class _Team:
    name: str
    language: str
    size: int


@dataclass
class _Agent:
    """Everything about one synthetic agent that stays the same from day to day."""

    rng: random.Random
    person_id: int
    language: str
    rotation: tuple[str, ...]
    rotation_offset: int
    starts: dict[str, int]
    part_time: bool
    mix: dict[str, float]
    reports_occupancy: bool
    reports_support: bool
    skips_breaks: float
    misses_checkins: float
    difficult_rate: float
    stress_base: float
    energy_base: float
    drift_onset: float  # fraction of the period after which stress starts to drift upward
    drift_rate: float  # stress points added per fraction of the period after the onset


def shift_moments(day: date, start_minute: int, length_minutes: int) -> tuple[datetime, datetime]:
    """UTC start and end of a shift planned at a Brussels wall-clock time on `day`.

    The end is planned on the wall clock too, so the elapsed length changes on the nights
    the clocks move. Times in the spring gap are read with the offset before the change.
    """
    start = datetime.combine(day, datetime.min.time()) + timedelta(minutes=start_minute)
    end = start + timedelta(minutes=length_minutes)
    return _utc(start), _utc(end)


def _utc(naive: datetime) -> datetime:
    return naive.replace(tzinfo=BRUSSELS, fold=0).astimezone(UTC)


class _Clock:
    """Wall-clock to UTC conversions, cached: a schedule reuses a handful of times a day."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, int], datetime] = {}

    def at(self, day: date, minute: int) -> datetime:
        key = (day.toordinal(), minute)
        moment = self._cache.get(key)
        if moment is None:
            naive = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
            moment = self._cache[key] = _utc(naive)
        return moment


def generate_demo(
    db: Database,
    *,
    agents: int,
    days: int,
    seed: int,
    teams: int | None = None,
    end: date | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> DemoSummary:
    """Fill `db` with teams, agents and their shifts over the `days` ending on `end`.

    Large runs generate in `workers` processes (default: one per core) while this process
    inserts; the data is the same whichever way it is made.
    """
    check_demo_arguments(agents, days, teams)
    cutoff = None
    if end is None:
        cutoff = datetime.now(UTC)
        end = cutoff.astimezone(BRUSSELS).date()
    first_day = end - timedelta(days=days - 1)
    _refuse_existing_demo(db)

    created_at = _utc(datetime.combine(first_day, datetime.min.time()))
    layout = _team_layout(random.Random(f"wellbeing-demo:{seed}:teams"), agents, teams)
    writer = bulk.BulkWriter(db)
    team_ids = writer.teams([team.name for team in layout], created_at)

    width = max(4, len(str(agents)))
    names_rng = random.Random(f"wellbeing-demo:{seed}:pseudonyms")
    new_people: list[bulk.NewPerson] = []
    languages: list[str] = []
    pseudonyms: set[str] = set()
    number = 0
    for team_id, team in zip(team_ids, layout, strict=True):
        for _seat in range(team.size):
            number += 1
            new_people.append(
                bulk.NewPerson(
                    pseudonym=_pseudonym(names_rng, pseudonyms),
                    os_account=f"demo-{number:0{width}d}",
                    team_id=team_id,
                    created_at=created_at,
                    language=team.language,
                )
            )
            languages.append(team.language)
    for index, (team_id, team) in enumerate(zip(team_ids, layout, strict=True), start=1):
        new_people.append(
            bulk.NewPerson(
                pseudonym=_pseudonym(names_rng, pseudonyms),
                os_account=f"demo-lead-{index:03d}",
                team_id=team_id,
                created_at=created_at,
                language=team.language,
            )
        )
    new_people.append(
        bulk.NewPerson(
            pseudonym=_pseudonym(names_rng, pseudonyms),
            os_account="demo-admin",
            team_id=None,
            created_at=created_at,
            is_admin=True,
        )
    )
    person_ids = writer.people(new_people)
    leader_ids = person_ids[agents : agents + len(layout)]
    writer.team_leaders(list(zip(team_ids, leader_ids, strict=True)))

    total = agents * days
    if progress is not None:
        progress(0, total)
    size = max(1, SHIFTS_PER_TRANSACTION * 10 // (6 * days))  # about 0.6 shifts a day
    groups = [
        _Group(
            seed=seed,
            first=first,
            person_ids=person_ids[first : min(first + size, agents)],
            languages=languages[first : min(first + size, agents)],
            first_day=first_day,
            days=days,
            cutoff=cutoff,
        )
        for first in range(0, agents, size)
    ]
    if workers is None:
        workers = (os.cpu_count() or 1) if total >= PARALLEL_FROM_AGENT_DAYS else 0
    if workers > 0:
        url = db.engine.url.render_as_string(hide_password=False)
        prepared = _prepared_elsewhere(url, groups, workers)
    else:
        prepared = (_prepare(writer.converter, group) for group in groups)
    shifts = breaks = done = 0
    for group, (batch, batch_breaks) in zip(groups, prepared, strict=True):
        writer.write_prepared(batch)
        shifts += batch.count
        breaks += batch_breaks
        done += len(group.person_ids) * days
        if progress is not None:
            progress(done, total)
    return DemoSummary(
        teams=len(layout),
        agents=agents,
        leaders=len(layout),
        shifts=shifts,
        breaks=breaks,
        checkins=shifts,
        first_day=first_day,
        last_day=end,
    )


@dataclass(frozen=True)
class _Group:
    """A run of consecutive agents whose shifts are written in one transaction."""

    seed: int
    first: int
    person_ids: list[int]
    languages: list[str]
    first_day: date
    days: int
    cutoff: datetime | None


def _group_shifts(group: _Group) -> list[bulk.NewShift]:
    clock = _Clock()
    shifts: list[bulk.NewShift] = []
    for offset, (person_id, language) in enumerate(
        zip(group.person_ids, group.languages, strict=True)
    ):
        rng = random.Random(f"wellbeing-demo:{group.seed}:agent:{group.first + offset}")
        agent = _new_agent(rng, person_id, language)
        shifts.extend(_agent_shifts(agent, group.first_day, group.days, clock, group.cutoff))
    return shifts


def _prepare(converter: bulk.Converter, group: _Group) -> tuple[bulk.PreparedShifts, int]:
    shifts = _group_shifts(group)
    return bulk.prepare_shifts(converter, shifts), sum(len(shift.breaks) for shift in shifts)


def _prepared_elsewhere(
    url: str, groups: list[_Group], workers: int
) -> Iterator[tuple[bulk.PreparedShifts, int]]:
    """Prepare the groups in worker processes, yielding them in order as they are ready.

    At most two groups per worker are in flight, so memory stays bounded when the
    database is slower than the workers.
    """
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(url,)
    )
    try:
        waiting = iter(groups)
        running = deque(
            pool.submit(_prepare_in_worker, group)
            for group in itertools.islice(waiting, 2 * workers)
        )
        while running:
            ready = running.popleft().result()
            following = next(waiting, None)
            if following is not None:
                running.append(pool.submit(_prepare_in_worker, following))
            yield ready
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_worker_converter: bulk.Converter | None = None


def _start_worker(url: str) -> None:
    global _worker_converter
    _worker_converter = bulk.Converter.for_url(url)


def _prepare_in_worker(group: _Group) -> tuple[bulk.PreparedShifts, int]:
    if _worker_converter is None:
        raise RuntimeError("demo worker was not started with a database URL")
    return _prepare(_worker_converter, group)


def check_demo_arguments(agents: int, days: int, teams: int | None) -> None:
    """Refuse sizes the generator cannot honour, before anything is opened or written."""
    if not 1 <= agents <= MAX_AGENTS:
        raise InputError("agents", _("must be a whole number from 1 to {n}").format(n=MAX_AGENTS))
    if not 1 <= days <= MAX_DAYS:
        raise InputError("days", _("must be a whole number from 1 to {n}").format(n=MAX_DAYS))
    if teams is not None and not 1 <= teams <= agents:
        raise InputError(
            "teams",
            _("must be a whole number from 1 to the number of agents ({n})").format(n=agents),
        )


def _refuse_existing_demo(db: Database) -> None:
    with db.reading() as session:
        found = repository.find_person(session, "demo-admin")
    if found is not None:
        raise InputError("demo", _("this database already has demo data; use a fresh database"))


def _pseudonym(rng: random.Random, taken: set[str]) -> str:
    while True:
        candidate = f"{rng.getrandbits(64):016x}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _team_layout(rng: random.Random, agents: int, teams: int | None) -> list[_Team]:
    """Teams of varied sizes: most between 8 and 20, a few under five people."""
    count = teams if teams is not None else max(1, round(agents / AGENTS_PER_TEAM))
    count = min(count, agents)
    small = max(1, round(count * 0.08)) if count >= 3 else 0
    small_sizes = [rng.randint(2, 4) for _ in range(small)]
    rest = count - small
    remaining = agents - sum(small_sizes)
    if remaining < 5 * rest:
        # Too few agents to keep every other team at five or more: spread them evenly.
        small_sizes, rest, remaining = [], count, agents
    weights = [rng.lognormvariate(0, 0.45) for _ in range(rest)]
    sizes = _allocate(remaining, weights, minimum=5 if remaining >= 5 * rest else 1)
    all_sizes = sizes + small_sizes
    rng.shuffle(all_sizes)
    codes = [code for code, _, _ in TEAM_LANGUAGES]
    labels = {code: label for code, label, _ in TEAM_LANGUAGES}
    share = [weight for _, _, weight in TEAM_LANGUAGES]
    layout = []
    for number, size in enumerate(all_sizes, start=1):
        language = rng.choices(codes, share)[0]
        sector = rng.choice(SECTORS)
        name = f"Demo {sector} {labels[language]} {number:03d}"
        layout.append(_Team(name=name, language=language, size=size))
    return layout


def _allocate(total: int, weights: list[float], minimum: int) -> list[int]:
    """Split `total` in proportion to `weights`, each at least `minimum` (largest remainder)."""
    if not weights:
        return []
    spare = total - minimum * len(weights)
    scale = sum(weights)
    exact = [spare * weight / scale for weight in weights]
    parts = [math.floor(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[: spare - sum(parts)]:
        parts[i] += 1
    return [minimum + part for part in parts]


def _new_agent(rng: random.Random, person_id: int, language: str) -> _Agent:
    rotation = rng.choices(ROTATIONS, ROTATION_WEIGHTS)[0]
    drifting = rng.random() < 0.15
    # About 15 % of agents: stress climbs by 2.5-4.5 points from a point in the first half.
    drift = rng.uniform(2.5, 4.5) if drifting else 0.0
    onset = rng.uniform(0.0, 0.5) if drifting else 0.0
    return _Agent(
        rng=rng,
        person_id=person_id,
        language=language,
        rotation=rotation,
        rotation_offset=rng.randrange(len(rotation)),
        starts={kind: rng.choice(times) for kind, times in SHIFT_STARTS.items()},
        part_time=rng.random() < 0.18,
        mix=rng.choices(CHANNEL_MIXES, CHANNEL_MIX_WEIGHTS)[0],
        reports_occupancy=rng.random() < 0.35,
        reports_support=rng.random() < 0.3,
        skips_breaks=rng.choice((0.02, 0.04, 0.06, 0.12)),
        misses_checkins=rng.uniform(0.02, 0.15),
        difficult_rate=rng.uniform(0.005, 0.035),
        stress_base=min(6.0, max(1.0, rng.gauss(3.5, 1.0))),
        energy_base=min(8.5, max(3.5, rng.gauss(6.5, 1.0))),
        drift_onset=onset,
        drift_rate=drift / (1 - onset),
    )


def _workdays(agent: _Agent) -> set[int]:
    """The weekdays (0 = Monday) worked in one week: weekends off mostly."""
    rng = agent.rng
    days = {0, 1, 2, 3, 4}
    if rng.random() < 0.12:
        # A weekend shift, compensated by a day off during the week.
        days.add(5 if rng.random() < 0.8 else 6)
        days.discard(rng.randrange(5))
    if agent.part_time:
        days.discard(rng.randrange(5))
    return days


def _shift_length(agent: _Agent, kind: str) -> int:
    """Planned wall-clock length in minutes, breaks included: 8 to 9 hours mostly."""
    draw = agent.rng.random()
    if agent.part_time and draw < 0.4:
        return 6 * 60 + 15
    if draw < 0.62:
        return 8 * 60 + 30
    if draw < 0.8:
        return 9 * 60
    if draw < 0.9:
        return 8 * 60
    if draw < 0.97 and kind != "night":
        return 10 * 60
    return 7 * 60


def _agent_shifts(
    agent: _Agent, first_day: date, days: int, clock: _Clock, cutoff: datetime | None
) -> Iterator[bulk.NewShift]:
    """One agent's logged shifts, in order; days off, holidays, sickness and misses leave gaps."""
    rng = agent.rng
    previous_worked_end: datetime | None = None
    previous_logged_end: datetime | None = None
    week_days: set[int] = set()
    kind = agent.rotation[0]
    on_holiday = False
    sick_days = 0
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        weekday = day.weekday()
        if offset == 0 or weekday == 0:
            week_days = _workdays(agent)
            week = (day.toordinal() - 1) // 7  # day 1 of the proleptic calendar is a Monday
            kind = agent.rotation[(week + agent.rotation_offset) % len(agent.rotation)]
            on_holiday = rng.random() < 0.06
        if on_holiday or weekday not in week_days:
            continue
        if sick_days == 0 and rng.random() < 0.015:
            sick_days = rng.randint(1, 4)
        if sick_days:
            sick_days -= 1
            continue
        start_minute = agent.starts[kind]
        if rng.random() < 0.1:
            start_minute = rng.choice(SHIFT_STARTS[kind])
        length = _shift_length(agent, kind)
        start = clock.at(day, start_minute)
        end_minute = start_minute + length
        end = clock.at(day + timedelta(days=end_minute // 1440), end_minute % 1440)
        if previous_worked_end is not None and start - previous_worked_end < MIN_REST:
            continue  # a planner would not schedule this; the agent has the day off
        if cutoff is not None and end > cutoff:
            break
        previous_worked_end = end
        if rng.random() < agent.misses_checkins:
            continue
        progress = offset / days
        yield _shift(agent, kind, day, start, end, previous_logged_end, progress)
        previous_logged_end = end


def _shift(
    agent: _Agent,
    kind: str,
    day: date,
    start: datetime,
    end: datetime,
    previous_end: datetime | None,
    progress: float,
) -> bulk.NewShift:
    rng = agent.rng
    span = int((end - start).total_seconds()) // 60
    pauses, legal_skipped, break_minutes = _breaks(rng, span, agent.skips_breaks)
    moments = tuple(
        [
            bulk.NewBreak(start + _MINUTES[first], start + _MINUTES[last], pause_kind)
            for first, last, pause_kind in pauses
        ]
    )
    worked = span - break_minutes
    hours = worked / 60

    busy = rng.gauss(1.0, 0.15) * (1.1 if day.weekday() == 0 else 1.0)
    channels: dict[str, int] = {}
    for channel, share in agent.mix.items():
        count = max(0, round(CONTACT_RATES[channel] * hours * share * busy))
        if count:
            channels[channel] = count
    contacts = sum(channels.values())
    strain = max(0.0, progress - agent.drift_onset) * agent.drift_rate
    difficult = min(contacts, _poisson(rng, contacts * agent.difficult_rate * (1 + strain / 4)))
    occupancy = None
    if agent.reports_occupancy and rng.random() < 0.8:
        occupancy = round(min(99.0, max(55.0, rng.gauss(81 + strain * 2, 5))), 1)

    stress = (
        agent.stress_base
        + strain
        + 0.3 * difficult
        + (0.6 if worked > 9 * 60 else 0.0)
        + (0.5 if legal_skipped else 0.0)
        + rng.gauss(0, 1.1)
    )
    energy = (
        agent.energy_base
        - 0.8 * strain
        - 0.3 * max(0.0, hours - 8)
        - (0.7 if kind == "night" else 0.0)
        + rng.gauss(0, 1.1)
    )
    support = None
    if agent.reports_support:
        support = _score(rng.gauss(6.5 - strain / 2, 1.5))
    note = None
    if rng.random() < 0.03:
        note = rng.choice(NOTES[agent.language])
    facts = ShiftFacts(
        local_date=day,
        iso_week=_week_label(day),
        worked_minutes=worked,
        break_minutes=break_minutes,
        legal_break_ok=legal_break_ok(start, end, moments),
        rest_before_minutes=(
            None if previous_end is None else round((start - previous_end).total_seconds() / 60)
        ),
    )
    return bulk.NewShift(
        person_id=agent.person_id,
        start=start,
        end=end,
        breaks=moments,
        facts=facts,
        contacts=contacts,
        difficult=difficult,
        channels=channels or None,
        occupancy=occupancy,
        checkin=bulk.NewCheckin(
            stress=_score(stress),
            energy=_score(energy),
            support=support,
            note=note,
            recorded_at=end + _MINUTES[_step(rng, 5, 45, 5)],
        ),
    )


def _breaks(
    rng: random.Random, span: int, skip_rate: float
) -> tuple[list[tuple[int, int, str]], bool, int]:
    """Breaks as (start, end, kind) in minutes after the shift start, whether the legal one
    was skipped, and the minutes of break in all.

    Mostly a 15-30 minute break after three to five hours, sometimes a micro-pause before or
    after it; now and then the break is skipped, or only taken after six hours of work.
    """
    pauses: list[tuple[int, int, str]] = []
    draw = rng.random()
    length = 30 if draw < 0.6 else 15 if draw < 0.88 else 20 if draw < 0.94 else 45
    draw = rng.random()
    if span <= 6 * 60 + 15:
        # A short shift needs no legal break; most agents still take one.
        skipped = draw < 0.3
        first_at = _step(rng, 150, 195, 15)
        length = 15
    else:
        skipped = draw < skip_rate
        late = not skipped and draw < skip_rate + 0.06
        first_at = _step(rng, 375, 420, 15) if late else _step(rng, 180, 300, 15)
        first_at = min(first_at, span - length - 60)
    if rng.random() < 0.3:
        micro = _step(rng, 75, first_at - 35, 5)
        pauses.append((micro, micro + _step(rng, 5, 10, 5), "micro"))
    if not skipped:
        pauses.append((first_at, first_at + length, "break"))
    after = first_at + (0 if skipped else length)
    if span - after >= 210 and rng.random() < 0.35:
        extra = after + _step(rng, 90, 120, 5)
        if span >= 9 * 60 + 30:
            pauses.append((extra, extra + 15, "break"))
        else:
            pauses.append((extra, extra + _step(rng, 5, 10, 5), "micro"))
    return pauses, skipped, sum([last - first for first, last, _ in pauses])


def _step(rng: random.Random, low: int, high: int, step: int) -> int:
    """A random multiple of `step` from `low` to `high` inclusive (cheaper than randrange)."""
    return low + step * int(rng.random() * ((high - low) // step + 1))


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw by multiplying uniforms (fast for the small means used here)."""
    if mean <= 0:
        return 0
    limit = math.exp(-mean)
    count, product = 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _score(value: float) -> int:
    return min(10, max(0, round(value)))


_WEEK_LABELS: dict[date, str] = {}


def _week_label(day: date) -> str:
    label = _WEEK_LABELS.get(day)
    if label is None:
        year, week, _ = day.isocalendar()
        label = _WEEK_LABELS[day] = iso_week_label(year, week)
    return label
