"""Use cases. Each owns its transaction; the UIs call these and nothing below them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from wellbeing.domain.anonymity import MINIMUM_K, AnonymityPolicy
from wellbeing.domain.checkin import Checkin, CheckinInput, validate_checkin
from wellbeing.domain.errors import InputError
from wellbeing.domain.findings import Finding, Overall, overall
from wellbeing.domain.flag_record import FlagRecord
from wellbeing.domain.flags import MAX_SNOOZE, acknowledge, plan_flags, snooze
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
    WeekFigures,
    baseline,
    summary_sentences,
    survey_due,
    weekly_figures,
)
from wellbeing.domain.replay import level_weeks
from wellbeing.domain.rules import RuleContext, RulesConfig, evaluate, load_rules, required_window
from wellbeing.domain.surveys import SurveyResult
from wellbeing.domain.team_suggestions import (
    SuggestionThresholds,
    TeamSuggestion,
    suggest_for_teams,
)
from wellbeing.domain.team_trends import TeamTrends
from wellbeing.i18n import _
from wellbeing.publication import published_trends
from wellbeing.settings import Settings
from wellbeing.store import evaluation, personal_data, pg_trends
from wellbeing.store import organisation as org
from wellbeing.store import reevaluation as replay_store
from wellbeing.store import repository as repo
from wellbeing.store import team_trends as team_store
from wellbeing.store.database import Database, make_engine
from wellbeing.store.database import StoreError as StoreError
from wellbeing.store.migrate import current_revision, upgrade

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def open_database(path_or_url: str) -> Database:
    """Open (creating if needed) and upgrade a database to the schema this version knows."""
    engine = make_engine(path_or_url)
    try:
        upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Database(engine)


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

    def work(session) -> int:  # type: ignore[no-untyped-def]
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


class CheckinOutcome(NamedTuple):
    """A stored check-in and what the rules found right after it."""

    checkin: Checkin
    findings: list[Finding]
    overall: Overall


class SurveyOutcome(NamedTuple):
    result: SurveyResult
    findings: list[Finding]
    overall: Overall


class Reflection(NamedTuple):
    weeks: list[WeekFigures]
    baseline: Baseline
    summary: list[str]


class FlagsOverview(NamedTuple):
    overall: Overall
    flags: list[FlagRecord]


class NotFound(LookupError):
    """The thing asked for does not exist for this person."""


class AccessDenied(PermissionError):
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
        """Validate and store shift, breaks and check-in, evaluate the rules and update the
        flags, all in one transaction."""
        checkin = form if isinstance(form, CheckinInput) else validate_checkin(dict(form))

        def work(session) -> CheckinOutcome:  # type: ignore[no-untyped-def]
            now = self.clock()
            person = repo.ensure_person(session, self.account, now)
            self._refuse_overlap(session, person.id, checkin)
            stored = repo.add_checkin(session, person.id, checkin, now)
            findings, level = self._evaluate(session, person.id, now, stored)
            return CheckinOutcome(stored, findings, level)

        return self.db.write(work)

    def _evaluate(  # type: ignore[no-untyped-def]
        self, session, person_id: int, now: datetime, checkin: Checkin | None
    ) -> tuple[list[Finding], Overall]:
        """Run the rules over the window they need (never the whole history), update the
        flags and the week's overall level."""
        since = now - required_window(self.rules)
        # Weeks are those of `now`, as the `sustained` rule counts them.
        week = iso_week_label(*iso_week(now))
        weeks = level_weeks(now)
        context = RuleContext(
            checkins=replay_store.window(session, person_id, since),
            surveys=evaluation.surveys_since(session, person_id, since),
            weekly_levels=evaluation.weekly_levels(session, person_id, weeks),
            checkin=checkin,
            now=now,
        )
        findings = evaluate(context, self.rules)
        flags = evaluation.open_flags(session, person_id)
        evaluation.apply_plan(
            session, person_id, plan_flags([f.open_flag() for f in flags], findings, now)
        )
        level = overall(findings)
        evaluation.raise_weekly_level(session, person_id, week, level)
        return findings, level

    def take_survey(
        self, instrument: str, answers: Sequence[int], language: str | None = None
    ) -> SurveyOutcome:
        """Score and store a questionnaire, then evaluate the rules (WHO-5 and CBI rules)."""
        result = survey_result(instrument, answers, self.clock())

        def work(session) -> SurveyOutcome:  # type: ignore[no-untyped-def]
            now = self.clock()
            person = repo.ensure_person(session, self.account, now)
            stored = evaluation.add_survey(session, person.id, result, language)
            findings, level = self._evaluate(session, person.id, now, None)
            return SurveyOutcome(stored, findings, level)

        return self.db.write(work)

    def last_survey(self, instrument: str) -> SurveyResult | None:
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            if person is None:
                return None
            return evaluation.latest_survey(session, person.id, instrument)

    def flags(self) -> FlagsOverview:
        """Open flags (snoozed ones included, marked by their date) and the overall level."""
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            flags = evaluation.open_flags(session, person.id) if person else []
        return FlagsOverview(overall(f.finding() for f in flags), flags)

    def acknowledge_flag(self, flag_id: int) -> None:
        """Mark a flag as seen; it stays open and comes back as new if its level rises."""

        def work(session) -> None:  # type: ignore[no-untyped-def]
            flag = self._open_flag(session, flag_id)
            seen = acknowledge(flag.open_flag(), self.clock())
            evaluation.set_flag_attention(
                session,
                self._person_id(session),
                flag_id,
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

        def work(session) -> datetime:  # type: ignore[no-untyped-def]
            flag = self._open_flag(session, flag_id)
            now = self.clock()
            hidden = snooze(flag.open_flag(), now + timedelta(days=days), now)
            evaluation.set_flag_attention(
                session,
                self._person_id(session),
                flag_id,
                acknowledged_at=flag.acknowledged_at,
                acknowledged_level=flag.acknowledged_level,
                snoozed_until=hidden.snoozed_until,
            )
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
        figures = weekly_figures(checkins, local_date(now), weeks)
        return Reflection(figures, baseline(checkins, now), summary_sentences(figures))

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

        def work(session) -> CheckinOutcome:  # type: ignore[no-untyped-def]
            now = self.clock()
            person_id = self._person_id(session)
            if not repo.delete_checkin(session, person_id, checkin_id):
                raise NotFound(_("check-in {id} does not exist").format(id=checkin_id))
            self._refuse_overlap(session, person_id, checkin)
            stored = repo.add_checkin(session, person_id, checkin, now)
            findings, level = self._evaluate(session, person_id, now, stored)
            return CheckinOutcome(stored, findings, level)

        return self.db.write(work)

    def _refuse_overlap(self, session, person_id: int, checkin: CheckinInput) -> None:  # type: ignore[no-untyped-def]
        clash = repo.overlapping_shift(session, person_id, checkin.start, checkin.end)
        if clash is not None:
            start, end = to_local(clash.start), to_local(clash.end)
            raise InputError(
                "start",
                _(
                    "this shift overlaps your shift of {start}-{end}; "
                    "correct or delete that one first"
                ).format(start=f"{start:%Y-%m-%d %H:%M}", end=f"{end:%H:%M}"),
            )

    def _person_id(self, session) -> int:  # type: ignore[no-untyped-def]
        person = repo.find_person(session, self.account)
        if person is None:
            raise NotFound(_("you have no data yet"))
        return person.id

    def _open_flag(self, session, flag_id: int) -> FlagRecord:  # type: ignore[no-untyped-def]
        if isinstance(flag_id, bool) or not isinstance(flag_id, int) or not 1 <= flag_id < 2**31:
            # Row ids are 32-bit on PostgreSQL; a larger number would fail in the driver.
            raise InputError("flag", _("there is no open flag {id}").format(id=flag_id))
        flag = evaluation.get_flag(session, self._person_id(session), flag_id)
        if flag is None or flag.resolved_at is not None:
            raise InputError("flag", _("there is no open flag {id}").format(id=flag_id))
        return flag

    def history(self, limit: int | None = None) -> list[Checkin]:
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            if person is None:
                return []
            return repo.list_checkins(session, person.id, limit=limit)

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
            },
            "data": tables,
        }

    def erase(self) -> int:
        """Remove every row about me (GDPR art. 17) and scrub them from the file."""

        def work(session) -> int:  # type: ignore[no-untyped-def]
            person = repo.find_person(session, self.account)
            return personal_data.erase_person(session, person.id) if person else 0

        removed = self.db.write(work)
        personal_data.scrub_sqlite_file(self.db.engine)
        return removed

    def delete_checkin(self, checkin_id: int) -> None:
        def work(session) -> None:  # type: ignore[no-untyped-def]
            person = repo.find_person(session, self.account)
            if person is None or not repo.delete_checkin(session, person.id, checkin_id):
                raise NotFound(_("check-in {id} does not exist").format(id=checkin_id))

        self.db.write(work)


class Organisation:
    """Admin use cases: teams, people and roles. Only admins may change them."""

    def __init__(self, db: Database, account: str, clock: Clock = system_clock) -> None:
        self.db = db
        self.account = account
        self.clock = clock

    def _require_admin(self, session) -> None:  # type: ignore[no-untyped-def]
        me = repo.find_person(session, self.account)
        if me is None or not me.is_admin:
            raise AccessDenied(
                _("only an admin can do this; {account!r} is not an admin").format(
                    account=self.account
                )
            )

    def bootstrap(self, k: int | None = None) -> Person:
        """Make the acting person the first admin; refused once any admin exists.

        `k`, when given, seeds the organisation's anonymity threshold (the only time a
        setting outside the database has a say in it).
        """
        if k is not None:
            k = AnonymityPolicy(k=k).k

        def work(session) -> Person:  # type: ignore[no-untyped-def]
            if org.count_admins(session) > 0:
                raise AccessDenied(_("there is already an admin; ask them to grant you the role"))
            me = repo.ensure_person(session, self.account, self.clock())
            org.set_admin(session, self.account, True)
            if k is not None:
                org.set_organisation_k(session, k)
            return me.model_copy(update={"is_admin": True})

        return self.db.write(work)

    def set_k(self, k: object) -> int:
        """Set the organisation's k (at least 3). Weeks already published keep their cells."""
        value = validate_k(k)

        def work(session) -> int:  # type: ignore[no-untyped-def]
            self._require_admin(session)
            org.set_organisation_k(session, value)
            return value

        return self.db.write(work)

    def create_team(self, name: str) -> Team:
        name = validate_team_name(name)

        def work(session) -> Team:  # type: ignore[no-untyped-def]
            self._require_admin(session)
            return org.create_team(session, name, self.clock())

        return self.db.write(work)

    def teams(self) -> list[tuple[Team, int]]:
        with self.db.reading() as session:
            self._require_admin(session)
            return org.list_teams(session)

    def add_person(self, account: str, team: str | None = None) -> Person:
        account = validate_account(account)

        def work(session) -> Person:  # type: ignore[no-untyped-def]
            self._require_admin(session)
            found = org.require_team(session, validate_team_name(team)) if team else None
            return org.add_person(session, account, found, self.clock())

        return self.db.write(work)

    def move_person(self, account: str, team: str | None) -> None:
        account = validate_account(account)

        def work(session) -> None:  # type: ignore[no-untyped-def]
            self._require_admin(session)
            found = org.require_team(session, validate_team_name(team)) if team else None
            # From this ISO week on: weeks already past stay with the team they were in.
            week = iso_week_label(*iso_week(to_local(self.clock()).date()))
            org.set_team(session, account, found, week)

        self.db.write(work)

    def grant(self, account: str, role: str, team: str | None = None) -> None:
        self._change_role(account, role, team, granted=True)

    def revoke(self, account: str, role: str, team: str | None = None) -> None:
        self._change_role(account, role, team, granted=False)

    def _change_role(self, account: str, role: str, team: str | None, *, granted: bool) -> None:
        account = validate_account(account)
        if role not in ("teamleader", "admin"):
            raise InputError(
                "role", _("{role!r} is not a role; use teamleader or admin").format(role=role)
            )
        if role == "teamleader" and not team:
            raise InputError("team", _("say which team the teamleader leads"))

        def work(session) -> None:  # type: ignore[no-untyped-def]
            self._require_admin(session)
            if role == "admin":
                if not granted and account == self.account and org.count_admins(session) == 1:
                    raise InputError(
                        "account", _("you are the last admin; grant someone else first")
                    )
                org.set_admin(session, account, granted)
                return
            found = org.require_team(session, validate_team_name(team or ""))
            if granted:
                org.grant_lead(session, account, found)
            else:
                org.revoke_lead(session, account, found)

        self.db.write(work)


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
    """What a teamleader sees of one team: anonymised weekly cells and team suggestions."""

    trends: TeamTrends
    suggestions: tuple[TeamSuggestion, ...]


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
        as_of = to_local(self.clock()).date()

        def work(session, publish: bool) -> TeamTrends | None:  # type: ignore[no-untyped-def]
            policy = AnonymityPolicy(k=org.organisation_k(session))
            labels = [segment.label for segment in policy.recent_segments(as_of, count)]
            found = self._led_team(session, name)
            if not team_store.can_read_raw_rows(session):
                # A teamleader's own PostgreSQL login: the database publishes and serves the
                # weeks itself, over the whole organisation.
                inside = pg_trends.read_team_trends(session, labels, policy.k)
                return inside.for_teams([found.id])
            return published_trends(
                session, labels, policy, as_of, team_store.week_totals, [found.id], publish
            )

        # Weeks already published are read without a write transaction; the first request
        # after a week settled publishes it.
        with self.db.reading() as session:
            narrowed = work(session, publish=False)
        if narrowed is None:
            narrowed = self.db.write(lambda session: work(session, publish=True))
        assert narrowed is not None
        return TeamReport(narrowed, suggest_for_teams(narrowed, self.thresholds))

    def _led_team(self, session, name: str) -> Team:  # type: ignore[no-untyped-def]
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
