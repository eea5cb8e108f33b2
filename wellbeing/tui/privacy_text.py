"""Who can see what, in plain words (design.md, privacy and threat model).

The same sentences serve the privacy page and the notice shown the first time the app opens,
so the two can never tell a person different things.
"""

from __future__ import annotations

from dataclasses import dataclass

from wellbeing.i18n import _


@dataclass(frozen=True)
class PrivacySection:
    title: str
    body: str


def what_is_stored() -> str:
    return _(
        "After each shift: its start and end, the breaks you took, how many (difficult) "
        "contacts you handled, your stress and energy from 0 to 10 and, if you write one, a "
        "private note. Also the questionnaires you fill in and the flags the rules raise."
    )


def on_server(database: str) -> bool:
    """Whether the data is on a database server (a URL) rather than in a file, which
    changes who can read every row."""
    return "://" in database


def where_it_is(database: str) -> str:
    if on_server(database):
        return _(
            "On the database server {database}. Database roles and row-level security decide "
            "what each login may read there."
        ).format(database=database)
    return _(
        "In {database}. A database file is created readable by your account only, and "
        "deleted rows are overwritten in it."
    ).format(database=database)


def who_sees_your_rows() -> str:
    return _(
        "You see everything you record. Nobody else is shown your check-ins, your scores or "
        "your notes in this app."
    )


def what_teamleaders_see(k: int) -> str:
    return _(
        "Only figures of the teams they lead, one per ISO week, once the week has ended: how "
        "many people checked in, average stress and energy, how often the legal break was "
        "taken, quick returns, the share at orange or red and hours per person. A figure is "
        "shown only when at least {k} people contributed; otherwise it says there are not "
        "enough people. Never one person's figures, never notes, never exact times."
    ).format(k=k)


def honest_limit(database: str) -> str:
    """Who can read every row: on a server its administrators, since the database holds
    everyone else to the rules; a file's limit would be untrue there."""
    if on_server(database):
        return _(
            "The administrators of the database server (its superusers and the login that "
            "owns the wellbeing tables) can read every row in it, notes included; the app "
            "cannot prevent that. Every other login, teamleaders' and admins' included, is "
            "held to these rules by the database itself."
        )
    return _(
        "Anyone who can read the database file (for example an administrator of the "
        "computer, or everyone, if the file is shared) can read every row in it, notes "
        "included; the app cannot prevent that. Organisations therefore use a PostgreSQL "
        "server, where database roles and row-level security enforce these same rules inside "
        "the database."
    )


def first_run_lines(database: str, k: int) -> tuple[str, ...]:
    """The privacy page in five short lines, for the notice shown before the first check-in."""
    return (
        _(
            "Stored: your shifts, breaks, contacts, stress and energy, private notes, "
            "questionnaires and flags."
        ),
        _("Where: {database}").format(database=database),
        _(
            "Who sees it: only you. Teamleaders see team figures per week from at least {k} "
            "people: never yours alone, never notes."
        ).format(k=k),
        _("The limit: the database server's administrators can read every row in it.")
        if on_server(database)
        else _("The limit: whoever can read the database file can read every row in it."),
        _("More, and your right to export or erase your data: Settings (F8)."),
    )


def privacy_sections(database: str, k: int, retention_months: int) -> tuple[PrivacySection, ...]:
    """The privacy page, section by section."""
    return (
        PrivacySection(_("What is stored"), what_is_stored()),
        PrivacySection(_("Where it is"), where_it_is(database)),
        PrivacySection(_("You"), who_sees_your_rows()),
        PrivacySection(_("Your teamleader"), what_teamleaders_see(k)),
        PrivacySection(
            _("Admins"),
            _(
                "They create teams and assign people and roles. The app shows them nobody's "
                "check-ins."
            ),
        ),
        PrivacySection(_("The honest limit"), honest_limit(database)),
        PrivacySection(
            _("Your rights"),
            _(
                "In Settings (F8) you can export everything stored about you, as JSON and CSV, "
                "or erase it completely. Rows older than {months} months (the retention "
                "period) are deleted when the retention purge runs."
            ).format(months=retention_months),
        ),
        PrivacySection(
            _("Not a diagnosis"),
            _(
                "The levels and suggestions are indications based on working-time law and "
                "research, not medical advice. Talk to someone you trust, your family doctor "
                "or a support line when you need to: Tele-Onthaal 106 (Dutch) or Télé-Accueil "
                "107 (French) to talk, Zelfmoordlijn 1813 or 0800 32 123 (French) when you "
                "think about suicide, 112 in an emergency. Every line and contact is on the "
                "help page (F1)."
            ),
        ),
    )
