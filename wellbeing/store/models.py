"""ORM models. The schema itself is created only by the Alembic migrations in migrations/."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from wellbeing.store.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TeamRow(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    # `wellbeing.domain.people.team_key` of the name, unique, so that two teams never differ
    # only in case, even when two admins create them at once. NULL only for look-alike teams
    # that existed before revision 0015, which kept them apart.
    name_key: Mapped[str | None] = mapped_column(String(255), index=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PersonRow(Base):
    """A person, known by a random pseudonym; the OS account links them to a login."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(32), unique=True)
    os_account: Mapped[str | None] = mapped_column(String(128), unique=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TeamLeaderRow(Base):
    """Who leads which team: the only path to a team's (anonymised) trends."""

    __tablename__ = "team_leaders"

    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ShiftRow(Base):
    """A shift. The fact columns (local_date … rest_before_minutes) are derived when it is
    written, with `wellbeing.domain.shift_facts.shift_facts`, so that aggregates per calendar
    week need no time-zone arithmetic in SQL."""

    __tablename__ = "shifts"
    __table_args__ = (
        Index("ix_shifts_week_person", "iso_week", "person_id"),
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        CheckConstraint("contacts >= 0 AND difficult >= 0", name="counts_not_negative"),
        CheckConstraint("difficult <= contacts", name="difficult_within_contacts"),
        Index("ix_shifts_person_start", "person_id", "start_at"),
        # Retention finds the shifts that ended before its cutoff without reading them all.
        Index("ix_shifts_end_at", "end_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime] = mapped_column(UTCDateTime())
    contacts: Mapped[int] = mapped_column(Integer, default=0)
    difficult: Mapped[int] = mapped_column(Integer, default=0)
    channels: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    occupancy: Mapped[float | None] = mapped_column(Float)
    local_date: Mapped[date] = mapped_column(Date)
    iso_week: Mapped[str] = mapped_column(String(8))
    worked_minutes: Mapped[int] = mapped_column(Integer)
    break_minutes: Mapped[int] = mapped_column(Integer)
    legal_break_ok: Mapped[bool | None] = mapped_column(Boolean)
    rest_before_minutes: Mapped[int | None] = mapped_column(Integer)

    breaks: Mapped[list[BreakRow]] = relationship(
        back_populates="shift",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="BreakRow.start_at",
        lazy="selectin",
    )
    checkin: Mapped[CheckinRow | None] = relationship(
        back_populates="shift", cascade="all, delete-orphan", passive_deletes=True
    )


class BreakRow(Base):
    __tablename__ = "breaks"
    __table_args__ = (CheckConstraint("end_at > start_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id", ondelete="CASCADE"), index=True)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(16), default="break")

    shift: Mapped[ShiftRow] = relationship(back_populates="breaks")


class CheckinRow(Base):
    __tablename__ = "checkins"
    __table_args__ = (
        CheckConstraint("stress BETWEEN 0 AND 10", name="stress_range"),
        CheckConstraint("energy BETWEEN 0 AND 10", name="energy_range"),
        CheckConstraint("support IS NULL OR support BETWEEN 0 AND 10", name="support_range"),
        Index("ix_checkins_person_recorded", "person_id", "recorded_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id", ondelete="CASCADE"), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    stress: Mapped[int] = mapped_column(Integer)
    energy: Mapped[int] = mapped_column(Integer)
    support: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    shift: Mapped[ShiftRow] = relationship(back_populates="checkin")


class SurveyResponseRow(Base):
    __tablename__ = "survey_responses"
    __table_args__ = (
        Index("ix_survey_responses_person_taken", "person_id", "instrument", "taken_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    instrument: Mapped[str] = mapped_column(String(16))
    answers: Mapped[list[int]] = mapped_column(JSON)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)
    language: Mapped[str | None] = mapped_column(String(5))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FlagRow(Base):
    """A raised flag: one row per episode of a rule's condition holding."""

    __tablename__ = "flags"
    __table_args__ = (
        Index("ix_flags_person_open", "person_id", "resolved_at", "rule_id"),
        Index("ix_flags_resolved_at", "resolved_at"),  # retention: episodes closed long ago
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    rule_id: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(10))
    evidence: Mapped[str] = mapped_column(Text)
    numbers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text, default="")
    suggestions: Mapped[list[str]] = mapped_column(JSON)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_level: Mapped[str | None] = mapped_column(String(10))
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FindingStatementRow(Base):
    """What a kind of finding says: its message template, source and suggestion keys.

    The rules state a dozen of these; the findings kept per shift (millions of rows) point at
    them instead of repeating them. The id is a digest of the three (see
    `wellbeing.store.shift_findings.statement_id`), so a writer knows it without a round trip.
    Nothing here is about a person.
    """

    __tablename__ = "finding_statements"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    message: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    suggestions: Mapped[list[str]] = mapped_column(JSON)


class ShiftFindingRow(Base):
    """What the rules found about one shift, judged at the shift's own time: the statement
    it makes and the numbers that fill its message."""

    __tablename__ = "shift_findings"
    __table_args__ = (Index("ix_shift_findings_person_week", "person_id", "iso_week"),)

    checkin_id: Mapped[int] = mapped_column(
        ForeignKey("checkins.id", ondelete="CASCADE"), primary_key=True
    )
    rule_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    iso_week: Mapped[str] = mapped_column(String(8))
    shift_start: Mapped[datetime] = mapped_column(UTCDateTime())
    level: Mapped[str] = mapped_column(String(10))
    statement_id: Mapped[str] = mapped_column(String(16), ForeignKey("finding_statements.id"))
    numbers: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class WeeklyLevelRow(Base):
    """A person's overall level per ISO week: the history the `sustained` rule reads."""

    __tablename__ = "weekly_levels"
    __table_args__ = (
        # Keyed by week first, and on SQLite without a rowid: team trends read the level of
        # each person-week in the order of the weekly sums they go with, one search each,
        # and retention finds old weeks by the key's prefix.
        PrimaryKeyConstraint("iso_week", "person_id"),
        Index("ix_weekly_levels_person_id", "person_id"),  # erasure and re-evaluation
        {"sqlite_with_rowid": False},
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    iso_week: Mapped[str] = mapped_column(String(8))
    level: Mapped[str] = mapped_column(String(8))


class _ShiftSums:
    """The sums over a person's shifts that team trends and organisation totals are made of."""

    shifts: Mapped[int] = mapped_column(Integer)
    checkins: Mapped[int] = mapped_column(Integer)
    stress_sum: Mapped[int] = mapped_column(Integer)
    energy_sum: Mapped[int] = mapped_column(Integer)
    break_due: Mapped[int] = mapped_column(Integer)
    break_taken: Mapped[int] = mapped_column(Integer)
    quick_returns: Mapped[int] = mapped_column(Integer)
    worked_minutes: Mapped[int] = mapped_column(Integer)
    # The team the person belonged to in that ISO week (`team_memberships`), so a later move
    # does not carry their past weeks into their new team.
    team_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class PersonWeekSumRow(_ShiftSums, Base):
    """Sums over one person's shifts in one ISO week, kept with the shifts.

    Team trends read these instead of every shift: twelve weeks of a 2,000-person
    organisation are some 22,000 rows here against 105,000 shifts with their check-ins.
    `wellbeing.store.person_week_sums` rewrites the rows of a person's weeks in the same
    transaction as every change to their shifts; the overall level of the week is joined from
    `weekly_levels`, which has its own writers.
    """

    __tablename__ = "person_week_sums"
    __table_args__ = (
        CheckConstraint("shifts >= 1 AND checkins >= 0 AND checkins <= shifts", name="counts_fit"),
        # The key leads with the week: on SQLite (no rowid) a week's rows are contiguous.
        {"sqlite_with_rowid": False},
    )

    iso_week: Mapped[str] = mapped_column(String(8), primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )


class PersonMonthSumRow(_ShiftSums, Base):
    """The same sums per calendar month, for organisation totals by month.

    A row is one person's shifts in one month and one ISO week, so a week that straddles two
    months has a row in each, and the overall level of the week can still be joined.
    """

    __tablename__ = "person_month_sums"
    __table_args__ = (
        CheckConstraint("shifts >= 1 AND checkins >= 0 AND checkins <= shifts", name="counts_fit"),
        {"sqlite_with_rowid": False},
    )

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-11", Brussels
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    iso_week: Mapped[str] = mapped_column(String(8), primary_key=True)


class AdminAuditRow(Base):
    """One change an admin made to teams, people or roles: who, what, to whom, when.

    Accounts and team names only, never a figure or a note. On PostgreSQL triggers write it
    as the login that made the change (migration 0006); on SQLite the app does. A person's
    account is blanked from it when their row is deleted.
    """

    __tablename__ = "admin_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(24))
    subject: Mapped[str | None] = mapped_column(String(128))
    team: Mapped[str | None] = mapped_column(String(80))


class PlannedShiftRow(Base):
    """A shift from the person's own schedule (imported), with its planned breaks.

    Personal data like the shifts: only the owner reads it. The breaks are a list of
    {"start", "end"} UTC ISO strings; they are always read and written with their shift.
    `reminded_at` records the one reminder a planned shift without a check-in may get.
    """

    __tablename__ = "planned_shifts"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        Index("ix_planned_shifts_person_start", "person_id", "start_at"),
        Index("ix_planned_shifts_end_at", "end_at"),  # retention
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime] = mapped_column(UTCDateTime())
    local_date: Mapped[date] = mapped_column(Date)
    breaks: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(8))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TeamMembershipRow(Base):
    """Which team a person belongs to from an ISO week on: personal data, erased with them.

    A person's week counts in the team of the row with the latest `since_week` not after it;
    `since_week` "0000-W00" means from the start.
    """

    __tablename__ = "team_memberships"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    since_week: Mapped[str] = mapped_column(String(8), primary_key=True)
    team_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class PublishedCellRow(Base):
    """One team's (`group_id` > 0) or the organisation's (`group_id` 0) cell of a settled
    ISO week or month, as first shown: anonymous, never recomputed, kept after erasures.

    A hidden cell keeps only its reason; a visible one its figures in tenths and percents.
    """

    __tablename__ = "published_cells"
    __table_args__ = (
        CheckConstraint("(hidden IS NULL) <> (contributors IS NULL)", name="figures_or_reason"),
    )

    segment: Mapped[str] = mapped_column(String(8), primary_key=True)
    group_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    k: Mapped[int] = mapped_column(Integer)
    published_on: Mapped[date] = mapped_column(Date)
    contributors: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stress_tenths: Mapped[int | None] = mapped_column(Integer, nullable=True)
    energy_tenths: Mapped[int | None] = mapped_column(Integer, nullable=True)
    break_compliance_percent: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quick_return_percent: Mapped[int | None] = mapped_column(Integer, nullable=True)
    orange_or_red_percent: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hours_tenths: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hidden: Mapped[str | None] = mapped_column(String(32), nullable=True)


class OrganisationSettingRow(Base):
    """Settings of the whole organisation, such as the anonymity threshold k; only an admin
    changes them, never a person's own settings."""

    __tablename__ = "organisation_settings"
    __table_args__ = (CheckConstraint("name <> 'k' OR value >= 3", name="k_at_least_3"),)

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
