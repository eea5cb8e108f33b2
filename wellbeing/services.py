"""Use cases. Each owns its transaction; the UIs call these and nothing below them."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from wellbeing import own_reads
from wellbeing.domain.anonymity import MINIMUM_K, AnonymityPolicy
from wellbeing.domain.checkin import (
    Checkin,
    CheckinInput,
    refuse_future_shift,
    validate_checkin,
)
from wellbeing.domain.errors import InputError, WellbeingError
from wellbeing.domain.findings import Finding, Level, Overall, overall, overall_of
from wellbeing.domain.flag_history import (
    SHIFT_RULE_IDS,
    SURVEY_RULE_IDS,
    Judged,
    episodes,
    judge_surveys,
    matched,
    reaches,
    survey_levels,
    survey_moments,
    week_of,
    weekly_levels,
)
from wellbeing.domain.flag_record import FlagRecord
from wellbeing.domain.flags import MAX_SNOOZE, acknowledge, snooze
from wellbeing.domain.instruments import survey_result
from wellbeing.domain.localtime import (
    iso_week,
    iso_week_label,
    local_date,
    retention_week_start,
    to_local,
)
from wellbeing.domain.people import Person, Team, validate_account, validate_team_name
from wellbeing.domain.reflection import (
    BASELINE_WEEKS,
    Baseline,
    CheckinPoint,
    WeekFigures,
    baseline,
    checkin_points,
    summary_sentences,
    survey_due,
    weekly_figures,
)
from wellbeing.domain.reminders import REMIND_WITHIN, ReminderPolicy, due, why_not
from wellbeing.domain.rules import RulesConfig, load_rules, required_window
from wellbeing.domain.schedule import PlannedShift, PlannedShiftRecord, plan_feedback
from wellbeing.domain.shift_judgement import ShiftJudge
from wellbeing.domain.shift_times import ShiftTimes
from wellbeing.domain.surveys import SurveyResult
from wellbeing.domain.worktime import iso_week_bounds, shift_iso_week
from wellbeing.i18n import _
from wellbeing.own_reads import FlagsOverview as FlagsOverview
from wellbeing.own_reads import system_clock as system_clock
from wellbeing.settings import Settings
from wellbeing.store import (
    audit,
    deployment,
    evaluation,
    personal_data,
    planned,
    reads,
)
from wellbeing.store import organisation as org
from wellbeing.store import reevaluation as replay_store
from wellbeing.store import repository as repo
from wellbeing.store import shift_findings as shift_store
from wellbeing.store.database import Database, make_engine, resolve_url, sqlite_path
from wellbeing.store.database import MissingDatabase as MissingDatabase
from wellbeing.store.database import StoreError as StoreError
from wellbeing.store.migrate import current_revision, upgrade

if TYPE_CHECKING:
    # Team trends are imported by the team view that uses them: with them come the
    # published cells and SQLAlchemy's PostgreSQL dialect, which no person's own
    # check-ins, history or flags need.
    from wellbeing.domain.team_suggestions import SuggestionThresholds, TeamSuggestion
    from wellbeing.domain.team_trends import TeamTrends

Clock = Callable[[], datetime]


def open_database(path_or_url: str, *, create: bool = True) -> Database:
    """Open and upgrade a database to the schema this version knows; a missing SQLite file
    is created, or with `create=False` refused on `db` (for work that only reads or re-judges
    what is stored)."""
    engine = make_engine(path_or_url, create=create)
    try:
        upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Database(engine)


def refuse_another_login(db: Database, account: str) -> None:
    """Refuse to act as `account` through a PostgreSQL login bound to another person.

    There the login is who one is: row-level security shows a person's login only its own
    rows, so acting as someone else would find none of theirs and answer "no check-ins yet"
    or "nothing was stored". The owner's login and a superuser's are bound to no person and
    may act for anyone (`admin bootstrap`, `db reevaluate`, a purge for everyone).
    """
    if db.dialect != "postgresql":
        return
    with db.reading() as session:
        login = repo.bound_login(session)
    if login is not None and login != account:
        raise InputError(
            "as",
            _(
                "on PostgreSQL the database login decides who you are; this login is "
                "{login}, not {account}: give --as {login}, or connect with the login of "
                "{account}"
            ).format(login=login, account=account),
        )


def upgrade_database(path_or_url: str) -> tuple[str | None, str | None]:
    """Bring a database to the schema this version knows; returns the (from, to) revisions."""
    engine = make_engine(path_or_url)
    try:
        before = current_revision(engine)
        upgrade(engine)
        return before, current_revision(engine)
    finally:
        engine.dispose()


def purge_expired(db: Database, months: int, clock: Clock = system_clock, *, account: str) -> int:
    """Delete raw rows older than the retention period, in whole ISO weeks.

    The cutoff is the Monday of the ISO week holding the first day of the month `months`
    months back, so no row younger than the period goes and no week is left in part. An
    admin purges everyone's rows; anyone else only their own.
    """
    cutoff = retention_week_start(clock(), months)
    week = iso_week_label(*iso_week(to_local(cutoff).date()))

    def work(session) -> int:
        me = repo.find_person(session, account)
        if me is None:
            return 0
        return personal_data.purge_before(
            session, cutoff, week, person_id=None if me.is_admin else me.id
        )

    removed = db.write(work)
    if removed:
        personal_data.scrub_sqlite_file(db.engine)
    return removed


def _finding_text(code: str, subjects: list[str]) -> list[str]:
    """The deployment findings of one kind, as sentences that say what to do."""
    lockdown = "deploy/postgres/lockdown.sql"
    if code == "statistics_function":
        return [
            _(
                "{count} statistics functions can be run by wellbeing logins (such as "
                "{names}); apply {script} as a superuser in this database"
            ).format(count=len(subjects), names=", ".join(subjects[:3]), script=lockdown)
        ]
    templates = {
        "statistics_view": _(
            "statistics view {subject} is readable by wellbeing logins; apply {script} as a "
            "superuser in this database"
        ),
        "statistics_member": _(
            "{subject}: its members read every session's statistics; revoke that membership"
        ),
        "definer_owner": _(
            "function {subject} runs with the rights of a role that can log in or bypasses "
            "security; make wellbeing_definer its owner"
        ),
        "superuser_owner": _(
            "the tables belong to {subject}, a superuser or a role that bypasses row-level "
            "security; run the migrations as the owner role of deploy/postgres/setup.sql"
        ),
        "no_schema": _(
            "database {subject} holds no wellbeing schema; run 'wellbeing db upgrade' as its "
            "owner role"
        ),
        "group_can_log_in": _(
            "role {subject} can log in or bypasses security; it must be NOLOGIN without BYPASSRLS"
        ),
    }
    return [templates[code].format(subject=subject, script=lockdown) for subject in subjects]


def check_deployment(path_or_url: str) -> list[str] | None:
    """What a live PostgreSQL deployment still gets wrong, in sentences; [] when nothing.

    None for an SQLite file, which has no logins, roles or statistics views to check. The
    database is only read, never upgraded.
    """
    if sqlite_path(resolve_url(path_or_url)) is not None:
        return None
    engine = make_engine(path_or_url, create=False)
    try:
        if engine.dialect.name != "postgresql":
            return None
        with Database(engine).reading() as session:
            findings = deployment.deployment_findings(session)
    finally:
        engine.dispose()
    by_code: dict[str, list[str]] = {}
    for finding in findings:
        by_code.setdefault(finding.code, []).append(finding.subject)
    return [text for code, subjects in by_code.items() for text in _finding_text(code, subjects)]


class JudgedShift(NamedTuple):
    """A recorded shift and what the rules found about it, judged at its own time; `gone`:
    the rules that found something about it before and no longer do."""

    checkin: Checkin
    findings: list[Finding]
    gone: tuple[str, ...] = ()


class CheckinOutcome(NamedTuple):
    """A stored check-in, what the rules found about it at its own time, the recorded shifts
    whose findings it changed, and the overall level now."""

    checkin: Checkin
    findings: list[Finding]
    overall: Overall
    neighbours: list[JudgedShift] = []
    # How the shift compares with its planned shift, if the plan has one.
    plan: tuple[str, ...] = ()
    # The levels of the flags open now, which the overall level is made of: a check-in of a
    # past shift can show none of them.
    open_levels: tuple[Level, ...] = ()


class SurveyOutcome(NamedTuple):
    result: SurveyResult
    findings: list[Finding]
    overall: Overall


class Reflection(NamedTuple):
    """My weeks, my baseline and summary, each check-in of those weeks, and the day they end
    on (today: the last week is still going on)."""

    weeks: list[WeekFigures]
    baseline: Baseline
    summary: list[str]
    checkins: list[CheckinPoint]
    today: date


class ScheduleImport(NamedTuple):
    """What an import changed in the plan."""

    shifts: int
    added: int
    updated: int
    unchanged: int
    removed: int


# Missed check-ins are looked for this far back: older shifts are hard to remember well.
MISSING_WINDOW = timedelta(days=14)


class NotFound(WellbeingError, LookupError):
    """The thing asked for does not exist for this person."""


class AccessDenied(WellbeingError, PermissionError):
    """The acting person's role does not allow this; the message says which role would."""


class Wellbeing:
    """The use cases of one acting person (their OS account) on one database."""

    def __init__(
        self,
        db: Database,
        account: str,
        clock: Clock = system_clock,
        rules: RulesConfig | None = None,
    ) -> None:
        self.db = db
        self.account = account
        self.clock = clock
        self._rules = rules

    @property
    def rules(self) -> RulesConfig:
        """The thresholds in force: the organisation's rules file, else the defaults."""
        if self._rules is None:
            self._rules = load_rules(Settings().rules_file)
        return self._rules

    def me(self) -> Person:
        return self.db.write(lambda s: repo.ensure_person(s, self.account, self.clock()))

    def database_location(self) -> str:
        """Where this person's data is kept, to tell them: the SQLite file's path, or the
        server's URL without its password."""
        url = self.db.engine.url
        if url.get_backend_name() == "sqlite":
            return url.database or ""
        return url.render_as_string(hide_password=True)

    def record_checkin(self, form: CheckinInput | Mapping[str, object]) -> Checkin:
        """Store a check-in (and evaluate the rules) when the caller needs only the row."""
        return self.check_in(form).checkin

    def check_in(self, form: CheckinInput | Mapping[str, object]) -> CheckinOutcome:
        """Validate and store shift, breaks and check-in, judge it and the shifts after it it
        affects, and bring flags and weekly levels in line, all in one transaction."""
        checkin = form if isinstance(form, CheckinInput) else validate_checkin(dict(form))
        refuse_future_shift(checkin, self.clock())

        def work(session) -> CheckinOutcome:
            now = self.clock()
            person = repo.ensure_person(session, self.account, now)
            self._refuse_overlap(session, person.id, checkin)
            stored = repo.add_checkin(session, person.id, checkin, now)
            judged = self._rejudge(session, person.id, now, stored.shift.start, stored, set())
            return self._outcome(session, person.id, checkin, stored, judged)

        return self.db.write(work)

    def _outcome(
        self,
        session,
        person_id: int,
        checkin: CheckinInput,
        stored: Checkin,
        judged: tuple[list[Finding], list[JudgedShift], list[Level]],
    ) -> CheckinOutcome:
        """A stored check-in's outcome from what `_rejudge` found, with its plan compared."""
        own, neighbours, open_levels = judged
        plan = self._against_plan(session, person_id, checkin)
        return CheckinOutcome(
            stored, own, overall_of(open_levels), neighbours, plan, tuple(open_levels)
        )

    def _rejudge(
        self,
        session,
        person_id: int,
        now: datetime,
        since: datetime,
        saved: Checkin | None,
        weeks: set[str],
    ) -> tuple[list[Finding], list[JudgedShift], list[Level]]:
        """Judge the shifts from `since` on at their own time, then follow with the flags and
        the levels of `weeks` and of the weeks whose shifts changed. Returns the saved
        shift's findings, the changed neighbours and the levels of the flags open now."""
        window = required_window(self.rules)
        reach = since - window
        # Read once for the judgements and the weekly levels: the earliest week that can
        # change is the week of `since` (every shift judged again starts at or after it).
        week_start = iso_week_bounds(week_of(since))[0]
        surveys_from = min(reach, week_start - window)
        surveys = evaluation.surveys_since(session, person_id, surveys_from)
        judge = ShiftJudge(replay_store.window(session, person_id, reach), surveys, self.rules)
        # The last shift before `since`: episodes running at `since` were found there.
        previous = bisect_left(judge.starts, since.astimezone(UTC)) - 1
        start = judge.ordered[previous].shift.end if previous >= 0 else since
        # Every shift of a week that can change starts at or after this; when the window
        # holds them all, the weeks' levels come from the findings known here.
        first_week = bisect_left(judge.starts, week_start.astimezone(UTC))
        own, neighbours, known = self._judge_shifts(
            session, person_id, judge, since, start, saved.id if saved else None, first_week
        )
        changed = [n.checkin for n in neighbours] + ([saved] if saved else [])
        weeks |= {shift_iso_week(checkin.shift) for checkin in changed}
        shift_levels: dict[str, list[Level]] | None = None
        if week_start >= reach and all(iso_week_bounds(w)[0] >= week_start for w in weeks):
            shift_levels = {}
            for checkin in judge.ordered[first_week:]:
                if (week := shift_iso_week(checkin.shift)) in weeks:
                    shift_levels.setdefault(week, []).extend(f.level for f in known[checkin.id])

        def moments(start: datetime) -> list[Judged]:
            """The shifts judged from `start` on, from what was just judged and read where
            possible: only the kept findings of the others are read."""
            if start < reach:
                return shift_store.judged_since(session, person_id, start)
            wanted = [c for c in judge.ordered if c.shift.end >= start]
            kept = shift_store.stored(
                session, person_id, [c.id for c in wanted if c.id not in known]
            )
            return [
                Judged(c.shift.end, c.shift.start, known[c.id] if c.id in known else kept[c.id])
                for c in wanted
            ]

        open_now = self._follow_flags(
            session, person_id, since, SHIFT_RULE_IDS, moments, start, now=now
        )
        self._follow_levels(session, person_id, weeks, (surveys_from, surveys), shift_levels)
        if open_now is None:
            open_now = [flag.level for flag in evaluation.open_flags(session, person_id, now)]
        return own, neighbours, open_now

    def _follow_flags(
        self,
        session,
        person_id: int,
        since: datetime,
        rule_ids: frozenset[str],
        moments: Callable[[datetime], list[Judged]],
        start: datetime | None = None,
        *,
        now: datetime | None = None,
    ) -> list[Level] | None:
        """Recompute the episodes of `rule_ids` that what was judged from `since` on can
        change: those still open at `since`, and any after it.

        The moments are read from `start` (the last judgement before `since`): an episode
        running at `since` was raised earlier and found again at that judgement, so it is
        continued from its stored start without reading the history before. Without `start`,
        everything from the earliest of those episodes is read.

        Given `now` (not before `since`), returns the levels of every flag open at `now`
        once written, known without reading them again: a flag open at `now` was open at
        `since`, and those of `rule_ids` were all just replaced.
        """
        stored = evaluation.flags_open_since(session, person_id, since, rule_ids)
        if start is None:
            start = min([since, *(kept.flag.raised_at for kept in stored.kept)])
        start = min(start, since)
        seeds = [
            seed
            for kept in stored.kept
            if kept.flag.raised_at < start and (seed := kept.seed(since)) is not None
        ]
        computed = [
            episode
            for episode in episodes(moments(start), reaches(self.rules), rule_ids, seeds)
            if episode.resolved_at > since or episode.raised_at < start
        ]
        pairs = matched(stored.kept, computed)
        evaluation.write_episodes(session, person_id, stored.kept, pairs, stored.columns)
        if now is None or now < since:
            return None
        others = [level for ends, level in stored.others if ends is None or ends > now]
        return others + [episode.level for _, episode, _ in pairs if episode.resolved_at > now]

    def _follow_levels(
        self,
        session,
        person_id: int,
        weeks: set[str],
        surveys: tuple[datetime, list[SurveyResult]] | None = None,
        shift_levels: Mapping[str, list[Level]] | None = None,
    ) -> None:
        """Set the levels of these weeks from what was found about them. `surveys`: the
        questionnaires already read from a moment on, used when they reach far enough;
        `shift_levels`: the levels kept about these weeks' shifts, when already known."""
        if not weeks:
            return
        bounds = [iso_week_bounds(week) for week in weeks]
        first, last = min(b[0] for b in bounds), max(b[1] for b in bounds)
        since = first - required_window(self.rules)
        if surveys is not None and surveys[0] <= since:
            taken = [s for s in surveys[1] if since <= s.taken_at < last]
        else:
            taken = evaluation.surveys_between(session, person_id, since, last)
        if shift_levels is None:
            shift_levels = shift_store.levels_by_week(session, person_id, weeks)
        levels = weekly_levels(shift_levels, survey_levels(taken, self.rules, weeks))
        evaluation.set_weekly_levels(session, person_id, weeks, levels)

    def _judge_shifts(
        self,
        session,
        person_id: int,
        judge: ShiftJudge,
        since: datetime,
        start: datetime,
        saved_id: int | None,
        first_week: int,
    ) -> tuple[list[Finding], list[JudgedShift], dict[int, list[Finding]]]:
        """Judge each recorded shift from `since` on, as far as the rules reach, at its own
        time; keep what changed. Returns the saved shift's findings, the changed others and
        the findings now kept for each shift that ends at or after `start` (what following
        the flags reads) or comes at `first_week` or later (the weeks whose level can
        change), read in one go with those of the shifts judged."""
        indexes = judge.affected(since)
        wanted = {c.id for c in judge.ordered if c.shift.end >= start}
        wanted.update(c.id for c in judge.ordered[first_week:])
        wanted.update(judge.ordered[i].id for i in indexes)
        known = shift_store.stored(session, person_id, sorted(wanted))
        before = dict(known)
        changed: dict[int, tuple[Checkin, list[Finding]]] = {}
        for index in indexes:
            checkin = judge.ordered[index]
            found = judge.judge(index)
            if checkin.id == saved_id or not _same_findings(found, known[checkin.id]):
                changed[checkin.id] = (checkin, found)
                known[checkin.id] = found
        shift_store.replace(session, person_id, changed, before)
        own = changed[saved_id][1] if saved_id in changed else []
        neighbours = [
            JudgedShift(checkin, found, _gone(before.get(checkin_id, []), found))
            for checkin_id, (checkin, found) in changed.items()
            if checkin_id != saved_id
        ]
        return own, neighbours, known

    def shift_findings(self, checkin_ids: Sequence[int]) -> dict[int, list[Finding]]:
        """The kept findings of my check-ins, each judged at its own time."""
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            if person is None:
                return {}
            return shift_store.stored(session, person.id, checkin_ids)

    def findings_per_week(self, weeks: Sequence[str]) -> dict[str, int]:
        """How many of my shifts had findings, per ISO week."""
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            if person is None:
                return {}
            return shift_store.counts_by_week(session, person.id, weeks)

    def take_survey(
        self, instrument: str, answers: Sequence[int], language: str | None = None
    ) -> SurveyOutcome:
        """Score and store a questionnaire and judge it now, when it is answered (WHO-5 and
        CBI rules); flags and this week's level follow."""
        result = survey_result(instrument, answers, self.clock())

        def work(session) -> SurveyOutcome:
            now = self.clock()
            person = repo.ensure_person(session, self.account, now)
            stored = evaluation.add_survey(session, person.id, result, language)
            taken = stored.taken_at  # as stored: the moment the rules judge it at
            window = required_window(self.rules)
            findings = judge_surveys(
                evaluation.surveys_since(session, person.id, taken - window), taken, self.rules
            )

            def moments(start: datetime) -> list[Judged]:
                earlier = evaluation.surveys_since(session, person.id, start - window)
                return survey_moments(earlier, self.rules, since=start)

            self._follow_flags(session, person.id, taken, SURVEY_RULE_IDS, moments)
            self._follow_levels(session, person.id, {week_of(taken)})
            # A shift still in its wrap-up ends after this answer: at its own time it reads it.
            ending = shift_store.first_start_ending_after(session, person.id, taken)
            if ending is not None:
                self._rejudge(session, person.id, now, ending, None, set())
            # What is open now: this questionnaire's findings and any other, as the UIs list.
            flags = evaluation.open_flags(session, person.id, now)
            others = [f.finding() for f in flags if f.rule_id not in SURVEY_RULE_IDS]
            return SurveyOutcome(stored, findings + others, overall([*findings, *others]))

        return self.db.write(work)

    def last_survey(self, instrument: str) -> SurveyResult | None:
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            if person is None:
                return None
            return evaluation.latest_survey(session, person.id, instrument)

    def flags(self) -> FlagsOverview:
        """Open flags (snoozed ones included, marked by their date) and the overall level."""
        now = self.clock()
        with self.db.reading() as session:
            return own_reads.flags(reads.session_reader(session), self.account, now)

    def acknowledge_flag(self, flag_id: int) -> None:
        """Mark a flag as seen; it stays open and comes back as new if its level rises."""

        def work(session) -> None:
            flag = self._open_flag(session, flag_id)
            seen = acknowledge(flag.open_flag(), self.clock())
            evaluation.set_flag_attention(
                session,
                self._person_id(session),
                flag_id,
                self.clock(),
                acknowledged_at=seen.acknowledged_at,
                acknowledged_level=seen.acknowledged_level,
                snoozed_until=flag.snoozed_until,
            )

        self.db.write(work)

    def snooze_flag(self, flag_id: int, days: int) -> datetime:
        """Hide a flag for `days` days; it comes back early if its level rises."""
        most = MAX_SNOOZE.days
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= most:
            raise InputError(
                "days", _("must be a whole number of days from 1 to {most}").format(most=most)
            )

        def work(session) -> datetime:
            flag = self._open_flag(session, flag_id)
            now = self.clock()
            hidden = snooze(flag.open_flag(), now + timedelta(days=days), now)
            evaluation.set_flag_attention(
                session,
                self._person_id(session),
                flag_id,
                now,
                acknowledged_at=flag.acknowledged_at,
                acknowledged_level=flag.acknowledged_level,
                snoozed_until=hidden.snoozed_until,
            )
            # `snooze` always sets the time it hides the flag until; the type cannot say so.
            return hidden.snoozed_until  # type: ignore[return-value]

        return self.db.write(work)

    def reflection(self, weeks: int) -> Reflection:
        """My own weekly figures over `weeks` ISO weeks, my baseline, and a summary."""
        if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 104:
            raise InputError("weeks", _("must be a whole number from 1 to 104"))
        now = self.clock()
        reach = max(weeks, BASELINE_WEEKS + 2)
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            checkins = (
                repo.list_checkins(
                    session, person.id, since=now - timedelta(weeks=reach), newest_first=False
                )
                if person
                else []
            )
            labels = [iso_week_label(*iso_week(now - timedelta(weeks=n))) for n in range(weeks)]
            counts = shift_store.counts_by_week(session, person.id, labels) if person else {}
        today = local_date(now)
        figures = weekly_figures(checkins, today, weeks, counts)
        return Reflection(
            figures,
            baseline(checkins, now),
            summary_sentences(figures),
            checkin_points(checkins, today, weeks),
            today,
        )

    def surveys_due(self) -> dict[str, bool]:
        """Which questionnaires are due: WHO-5 every two weeks, CBI monthly."""
        now = self.clock()
        due = {}
        for instrument in ("who5", "cbi"):
            last = self.last_survey(instrument)
            due[instrument] = survey_due(last.taken_at if last else None, instrument, now)
        return due

    def update_checkin(
        self, checkin_id: int, form: CheckinInput | Mapping[str, object]
    ) -> CheckinOutcome:
        """Correct a check-in: the old one is replaced in the same transaction and the rules
        run again."""
        checkin = form if isinstance(form, CheckinInput) else validate_checkin(dict(form))
        refuse_future_shift(checkin, self.clock())

        def work(session) -> CheckinOutcome:
            now = self.clock()
            person_id = self._person_id(session)
            old_start = shift_store.checkin_start(session, person_id, checkin_id)
            if old_start is None or not repo.delete_checkin(session, person_id, checkin_id):
                raise NotFound(_("check-in {id} does not exist").format(id=checkin_id))
            self._refuse_overlap(session, person_id, checkin)
            stored = repo.add_checkin(session, person_id, checkin, now)
            since = min(old_start, stored.shift.start)
            judged = self._rejudge(session, person_id, now, since, stored, {week_of(old_start)})
            return self._outcome(session, person_id, checkin, stored, judged)

        return self.db.write(work)

    def _against_plan(self, session, person_id: int, checkin: CheckinInput) -> tuple[str, ...]:
        """Planned against taken breaks, and overtime, when the shift was planned."""
        plan = planned.overlapping(session, person_id, checkin.start, checkin.end)
        if plan is None:
            return ()
        return tuple(plan_feedback(plan, checkin.end, [b.duration for b in checkin.breaks]))

    def _refuse_overlap(self, session, person_id: int, checkin: CheckinInput) -> None:
        clash = reads.overlapping_shift(
            reads.session_reader(session), person_id, checkin.start, checkin.end
        )
        if clash is not None:
            start, end = (to_local(moment) for moment in clash)
            raise InputError(
                "start",
                _(
                    "this shift overlaps your shift of {start}-{end}; "
                    "correct or delete that one first"
                ).format(start=f"{start:%Y-%m-%d %H:%M}", end=f"{end:%H:%M}"),
            )

    def _person_id(self, session) -> int:
        person = repo.find_person(session, self.account)
        if person is None:
            raise NotFound(_("you have no data yet"))
        return person.id

    def _open_flag(self, session, flag_id: int) -> FlagRecord:
        if isinstance(flag_id, bool) or not isinstance(flag_id, int) or not 1 <= flag_id < 2**31:
            # Row ids are 32-bit on PostgreSQL; a larger number would fail in the driver. What
            # is not a number is quoted, so that the message stays one line whatever was given.
            shown = flag_id if isinstance(flag_id, int) else repr(flag_id)
            raise InputError("flag", _("there is no open flag {id}").format(id=shown))
        flag = evaluation.get_flag(session, self._person_id(session), flag_id)
        if flag is None or (flag.resolved_at is not None and flag.resolved_at <= self.clock()):
            raise InputError("flag", _("there is no open flag {id}").format(id=flag_id))
        return flag

    def history(self, limit: int | None = None) -> list[Checkin]:
        """My check-ins, newest first."""
        with self.db.reading() as session:
            return own_reads.history(reads.session_reader(session), self.account, limit)

    def judged_history(self, limit: int | None = None) -> list[tuple[Checkin, list[Finding]]]:
        """My check-ins, newest first, each with what the rules found about it."""
        with self.db.reading() as session:
            return own_reads.judged_history(reads.session_reader(session), self.account, limit)

    def export(self) -> dict[str, Any]:
        """Everything stored about me (GDPR art. 15 and 20), with a manifest."""
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            tables = personal_data.export_person(session, person.id) if person else {}
        return {
            "manifest": {
                "format": "wellbeing-export",
                "version": 1,
                "account": self.account,
                "exported_at": self.clock().isoformat(),
                "tables": {name: len(rows) for name, rows in tables.items()},
                # Every table's columns, also of a table without rows: its CSV file keeps
                # its header.
                "columns": personal_data.export_columns(),
            },
            "data": tables,
        }

    def erase(self) -> int:
        """Remove every row about me (GDPR art. 17) and scrub them from the file."""

        def work(session) -> int:
            person = repo.find_person(session, self.account)
            return personal_data.erase_person(session, person.id) if person else 0

        removed = self.db.write(work)
        personal_data.scrub_sqlite_file(self.db.engine)
        return removed

    def import_schedule(
        self, data: bytes, name: str, *, agent_id: str | None = None, kind: str | None = None
    ) -> ScheduleImport:
        """Read a schedule file whole, then replace the plan of the days it covers in one
        transaction; a bad file raises ScheduleError and changes nothing."""
        from wellbeing.domain.schedule_files import detect_format, read_schedule

        now = self.clock()
        shifts = read_schedule(data, name, now=now, agent_id=agent_id, kind=kind)
        source = kind or detect_format(name, data[:200].decode("utf-8", "replace"))

        def work(session) -> ScheduleImport:
            person = repo.ensure_person(session, self.account, now)
            counts = planned.replace_days(session, person.id, shifts, now, source)
            return ScheduleImport(len(shifts), *counts)

        return self.db.write(work)

    def planned_shifts(self, since: datetime, until: datetime) -> list[PlannedShiftRecord]:
        """My planned shifts that start in [since, until)."""
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            return planned.planned_between(session, person.id, since, until) if person else []

    def missing_checkins(self) -> list[PlannedShiftRecord]:
        """Planned shifts of the last two weeks that ended without a check-in."""
        now = self.clock()
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            if person is None:
                return []
            return planned.missing(session, person.id, now - MISSING_WINDOW, now)

    def plan_for_day(self, day: date) -> PlannedShift | None:
        """The planned shift of a local day, to start the check-in form from."""
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            return planned.for_day(session, person.id, day) if person else None

    def reminders_due(self, policy: ReminderPolicy) -> list[PlannedShiftRecord]:
        """Planned shifts to remind of now, each only once, and only when the person allows
        it (see `wellbeing.domain.reminders`)."""
        now = self.clock()
        if why_not(policy, now) is not None:
            return []
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            if person is None:
                return []
            missed = planned.missing(session, person.id, now - REMIND_WITHIN, now, unreminded=True)
        return due(policy, missed, now)

    def mark_reminded(self, records: Sequence[PlannedShiftRecord]) -> None:
        """Remember that these shifts were reminded of, so that no second reminder comes."""

        def work(session) -> None:
            person_id = self._person_id(session)
            planned.mark_reminded(session, person_id, [r.id for r in records], self.clock())

        self.db.write(work)

    def plan_of_the_day(self) -> ShiftTimes | None:
        """The times of the planned shift to check in for now: today's once it has begun,
        else yesterday's (a night shift checked in the next morning)."""
        now = self.clock()
        with self.db.reading() as session:
            return own_reads.plan_of_the_day(reads.session_reader(session), self.account, now)

    def last_shift(self) -> ShiftTimes | None:
        """The times of the shift of my newest check-in, to start the check-in form from."""
        with self.db.reading() as session:
            return own_reads.last_shift(reads.session_reader(session), self.account)

    def plan_for_shift(self, start: datetime, end: datetime) -> PlannedShift | None:
        """The planned shift a worked shift corresponds to, for the feedback."""
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            return planned.overlapping(session, person.id, start, end) if person else None

    def delete_checkin(self, checkin_id: int) -> list[JudgedShift]:
        """Delete a check-in; the later shifts it affected are judged again. Returns those
        whose findings changed."""

        def work(session) -> list[JudgedShift]:
            person = repo.find_person(session, self.account)
            start = shift_store.checkin_start(session, person.id, checkin_id) if person else None
            if (
                person is None
                or start is None
                or not repo.delete_checkin(session, person.id, checkin_id)
            ):
                raise NotFound(_("check-in {id} does not exist").format(id=checkin_id))
            weeks = {week_of(start)}
            return self._rejudge(session, person.id, self.clock(), start, None, weeks)[1]

        return self.db.write(work)


def _gone(before: Sequence[Finding], after: Sequence[Finding]) -> tuple[str, ...]:
    """The rules of `before` that `after` no longer has, in their order."""
    found = {finding.rule_id for finding in after}
    return tuple(dict.fromkeys(f.rule_id for f in before if f.rule_id not in found))


def _same_findings(found: Sequence[Finding], kept: Sequence[Finding]) -> bool:
    """Whether a new judgement says the same as the kept one (per rule: level and numbers)."""

    def key(findings: Sequence[Finding]) -> dict[str, tuple[str, str]]:
        strongest: dict[str, Finding] = {}
        for finding in findings:
            strongest.setdefault(finding.rule_id, finding)
        return {
            rule_id: (f.level.value, repr(sorted(f.params.items())))
            for rule_id, f in strongest.items()
        }

    return key(found) == key(kept)


class AddedPerson(NamedTuple):
    """A person just added, and the team they were put in (None: no team)."""

    person: Person
    team: Team | None


class Organisation:
    """Admin use cases: teams, people and roles. Only admins may change them.

    A team is named by its name however its case is typed ("sales" finds "Sales"); the
    use cases return it as it is spelt."""

    def __init__(self, db: Database, account: str, clock: Clock = system_clock) -> None:
        self.db = db
        self.account = account
        self.clock = clock

    def _require_admin(self, session) -> None:
        me = repo.find_person(session, self.account)
        if me is None or not me.is_admin:
            raise AccessDenied(
                _("only an admin can do this; {account!r} is not an admin").format(
                    account=self.account
                )
            )

    def _audit(
        self, session, action: str, subject: str | None = None, team: str | None = None
    ) -> None:
        audit.record(
            session, at=self.clock(), actor=self.account, action=action, subject=subject, team=team
        )

    def audit_trail(self, limit: int = 200) -> list[audit.AuditEntry]:
        """The latest changes to teams, people and roles, newest first (admins only)."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 10_000:
            raise InputError("limit", _("give a number of entries from 1 to 10000"))
        with self.db.reading() as session:
            self._require_admin(session)
            return audit.entries(session, limit)

    def check_may_reevaluate(self) -> None:
        """Re-judging everyone's history is an admin's task once the organisation has one.

        On a shared SQLite file nothing else stops a person from replacing everyone's flags
        and weekly levels; on PostgreSQL each login re-judges only the rows it may write, and
        the owner's login (which is nobody's person) runs it for everyone.
        """
        if self.db.dialect != "sqlite":
            return

        with self.db.reading() as session:
            if org.count_admins(session) > 0:
                self._require_admin(session)

    def bootstrap(self, k: int | None = None) -> Person:
        """Make the acting person the first admin; refused once any admin exists.

        `k`, when given, seeds the organisation's anonymity threshold (the only time a
        setting outside the database has a say in it).
        """
        if k is not None:
            k = AnonymityPolicy(k=k).k

        def work(session) -> Person:
            if org.count_admins(session) > 0:
                raise AccessDenied(_("there is already an admin; ask them to grant you the role"))
            me = repo.ensure_person(session, self.account, self.clock())
            org.set_admin(session, self.account, True)
            self._audit(session, "admin_granted", self.account)
            if k is not None:
                org.set_organisation_k(session, k)
            return me.model_copy(update={"is_admin": True})

        return self.db.write(work)

    def set_k(self, k: object) -> int:
        """Set the organisation's k (at least 3). Weeks already published keep their cells."""
        value = validate_k(k)

        def work(session) -> int:
            self._require_admin(session)
            org.set_organisation_k(session, value)
            return value

        return self.db.write(work)

    def create_team(self, name: str) -> Team:
        name = validate_team_name(name)

        def work(session) -> Team:
            self._require_admin(session)
            created = org.create_team(session, name, self.clock())
            self._audit(session, "team_created", team=created.name)
            return created

        return self.db.write(work)

    def teams(self) -> list[tuple[Team, int]]:
        with self.db.reading() as session:
            self._require_admin(session)
            return org.list_teams(session)

    def add_person(self, account: str, team: str | None = None) -> AddedPerson:
        """Add the person who logs in as `account`, in the team called `team` (found
        however its case is typed)."""
        account = validate_account(account)

        def work(session) -> AddedPerson:
            self._require_admin(session)
            found = org.require_team(session, validate_team_name(team)) if team else None
            added = org.add_person(session, account, found, self.clock())
            self._audit(session, "person_added", account, found.name if found else None)
            return AddedPerson(added, found)

        return self.db.write(work)

    def move_person(self, account: str, team: str | None) -> Team | None:
        """Move `account` to the team called `team` (None: out of any team); returns that
        team as it is spelt."""
        account = validate_account(account)

        def work(session) -> Team | None:
            self._require_admin(session)
            found = org.require_team(session, validate_team_name(team)) if team else None
            # From this ISO week on: weeks already past stay with the team they were in.
            week = iso_week_label(*iso_week(to_local(self.clock()).date()))
            org.set_team(session, account, found, week)
            self._audit(session, "person_moved", account, found.name if found else None)
            return found

        return self.db.write(work)

    def grant(self, account: str, role: str, team: str | None = None) -> Team | None:
        """Give `account` a role; returns the team led, as it is spelt (None for admin)."""
        return self._change_role(account, role, team, granted=True)

    def revoke(self, account: str, role: str, team: str | None = None) -> Team | None:
        """Take a role from `account`; returns the team led, as it is spelt (None for admin)."""
        return self._change_role(account, role, team, granted=False)

    def _change_role(
        self, account: str, role: str, team: str | None, *, granted: bool
    ) -> Team | None:
        account = validate_account(account)
        if role not in ("teamleader", "admin"):
            raise InputError(
                "role", _("{role!r} is not a role; use teamleader or admin").format(role=role)
            )
        if role == "teamleader" and not team:
            raise InputError("team", _("say which team the teamleader leads"))

        def work(session) -> Team | None:
            self._require_admin(session)
            if role == "admin":
                if not granted and account == self.account and org.count_admins(session) == 1:
                    raise InputError(
                        "account", _("you are the last admin; grant someone else first")
                    )
                org.set_admin(session, account, granted)
                self._audit(session, "admin_granted" if granted else "admin_revoked", account)
                return None
            found = org.require_team(session, validate_team_name(team or ""))
            if granted:
                org.grant_lead(session, account, found)
            elif not org.revoke_lead(session, account, found):
                raise InputError(
                    "account",
                    _("{account!r} does not lead team {team!r}").format(
                        account=account, team=found.name
                    ),
                )
            self._audit(session, "lead_granted" if granted else "lead_revoked", account, found.name)
            return found

        return self.db.write(work)


MAX_TREND_WEEKS = 52
MAX_K = 100


def validate_k(k: object) -> int:
    """An organisation's k: a whole number from 3 (`MINIMUM_K`) to 100."""
    if isinstance(k, bool) or not isinstance(k, int) or not MINIMUM_K <= k <= MAX_K:
        raise InputError(
            "k",
            _("must be a whole number from {lowest} to {highest}").format(
                lowest=MINIMUM_K, highest=MAX_K
            ),
        )
    return k


def organisation_k(db: Database) -> int:
    """The organisation's anonymity threshold, as stored in the database."""
    with db.reading() as session:
        return org.organisation_k(session)


class TeamReport(NamedTuple):
    """What a teamleader sees of one team: anonymised weekly cells and team suggestions,
    and the team's name as it is spelt (whatever case it was asked for in)."""

    trends: TeamTrends
    suggestions: tuple[TeamSuggestion, ...]
    team: str = ""


def validate_trend_weeks(weeks: object) -> int:
    """How many settled weeks a teamleader may ask for: 1 to 52, never a custom window."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_TREND_WEEKS:
        raise InputError(
            "weeks", _("must be a whole number from 1 to {most}").format(most=MAX_TREND_WEEKS)
        )
    return weeks


class TeamView:
    """A teamleader's use case: anonymised trends of a team they lead, and nothing else.

    This is the only way team data reaches a teamleader. Roles are checked here, not in the
    UIs; suppression is decided over the whole organisation before the view is narrowed to
    the one team, so no two teamleaders can subtract their views from each other's.
    """

    def __init__(
        self,
        db: Database,
        account: str,
        clock: Clock = system_clock,
        thresholds: SuggestionThresholds | None = None,
    ) -> None:
        from wellbeing.domain.team_suggestions import SuggestionThresholds

        self.db = db
        self.account = account
        self.clock = clock
        self.thresholds = thresholds or SuggestionThresholds()

    def led_teams(self) -> list[Team]:
        """The teams the acting person leads (empty for an agent)."""
        with self.db.reading() as session:
            me = repo.find_person(session, self.account)
            return org.led_teams(session, me.id) if me else []

    def trends(self, team: str, weeks: int) -> TeamReport:
        """The latest `weeks` settled ISO weeks of `team`, with the organisation totals.

        Refused with AccessDenied unless the acting person leads `team`. Cells come from the
        published weeks (`wellbeing.publication`), with the organisation's k.
        """
        count = validate_trend_weeks(weeks)
        name = validate_team_name(team if isinstance(team, str) else "")
        return self._report(count, lambda session: self._led_team(session, name))

    def own_team(self) -> Team | None:
        """The team the acting person belongs to now (None when they belong to none)."""
        with self.db.reading() as session:
            me = repo.find_person(session, self.account)
            if me is None or me.team_id is None:
                return None
            return org.team_by_id(session, me.team_id)

    def teamleader_preview(self, weeks: int) -> TeamReport:
        """Exactly what the teamleader of the acting person's own team sees of it: the same
        published cells, organisation totals and suggestions, by the same path as `trends`.

        Anyone may look at their own team this way: it holds nothing but the anonymous
        cells their teamleader already has. AccessDenied when they belong to no team.
        """
        count = validate_trend_weeks(weeks)
        return self._report(count, self._own_team)

    def _own_team(self, session) -> Team:
        me = repo.find_person(session, self.account)
        found = org.team_by_id(session, me.team_id) if me and me.team_id is not None else None
        if found is None:
            raise AccessDenied(
                _("you do not belong to a team, so no teamleader sees team figures about you")
            )
        return found

    def _report(self, count: int, team_of) -> TeamReport:
        """The report of the team `team_of(session)` names, for the latest `count` weeks."""
        from wellbeing.domain.team_suggestions import suggest_for_teams
        from wellbeing.publication import published_trends
        from wellbeing.store import pg_trends
        from wellbeing.store import team_trends as team_store

        as_of = to_local(self.clock()).date()

        def work(session, publish: bool) -> tuple[TeamTrends | None, Team]:
            policy = AnonymityPolicy(k=org.organisation_k(session))
            labels = [segment.label for segment in policy.recent_segments(as_of, count)]
            found = team_of(session)
            if not team_store.can_read_raw_rows(session):
                # A teamleader's own PostgreSQL login: the database publishes and serves the
                # weeks itself, over the whole organisation.
                inside = pg_trends.read_team_trends(session, labels, policy.k)
                return inside.for_teams([found.id]), found
            return published_trends(
                session, labels, policy, as_of, team_store.week_totals, [found.id], publish
            ), found

        # Weeks already published are read without a write transaction; the first request
        # after a week settled publishes it.
        with self.db.reading() as session:
            narrowed, team = work(session, publish=False)
        if narrowed is None:
            narrowed, team = self.db.write(lambda session: work(session, publish=True))
        assert narrowed is not None
        return TeamReport(narrowed, suggest_for_teams(narrowed, self.thresholds), team.name)

    def _led_team(self, session, name: str) -> Team:
        me = repo.find_person(session, self.account)
        led = org.led_teams(session, me.id) if me else []
        if not led:
            raise AccessDenied(
                _("team trends are only for teamleaders; {account!r} does not lead a team").format(
                    account=self.account
                )
            )
        found = org.find_team(session, name)
        if found is None:
            raise InputError("team", _("there is no team called {name!r}").format(name=name))
        if found.id not in {team.id for team in led}:
            raise AccessDenied(
                _("you lead {led}, not {name!r}; you can see only the teams you lead").format(
                    led=", ".join(repr(team.name) for team in led), name=name
                )
            )
        return found
