"""`wellbeing admin`: teams, people and roles, for the organisation's admins.

Roles are checked by `Organisation` in the services, never here: a refusal arrives as
AccessDenied and `wellbeing.cli.failures` turns it into one line with exit code 1. The first admin
is made with `admin bootstrap`, which works only while there is no admin at all.
"""

from __future__ import annotations

from typing import Any

import click

from wellbeing.cli.context import Invocation, input_error, load_settings, print_json
from wellbeing.cli.output import local
from wellbeing.cli.params import Choice, Whole
from wellbeing.i18n import N_, _, ngettext

ROLES = ("teamleader", "admin")
MOST_ENTRIES = 10_000


def admin_group() -> click.Group:
    """The `admin` group with its `team` and `person` subgroups."""

    @click.group("admin", help=_("Teams, people and roles (for admins)."))
    def admin() -> None:
        """Only a namespace for the admin commands."""

    @admin.command(
        help=_("Make yourself the first admin. Refused once the organisation has an admin.")
    )
    @click.pass_obj
    def bootstrap(invocation: Invocation) -> None:
        # The k_threshold setting seeds the organisation's k here, once; after this only
        # `admin set k` changes it.
        seed = load_settings().k_seed()
        # The organisation's first step, so the only admin command that may start a database.
        with invocation.organisation(existing=False) as organisation:
            me = organisation.bootstrap(k=seed)
        click.echo(_("{account} is now an admin.").format(account=me.os_account))

    @admin.group(name="set", help=_("Settings of the whole organisation."))
    def set_group() -> None:
        """Only a namespace for the organisation's settings."""

    @set_group.command(
        name="k",
        help=_(
            "Hide every team figure that fewer than N people contributed to (N at least 3). "
            "Weeks already shown keep their figures."
        ),
    )
    @click.argument("n", type=Whole(field="k"), metavar="N")
    @click.pass_obj
    def set_k(invocation: Invocation, n: int) -> None:
        from wellbeing.services import validate_k

        checked = validate_k(n)
        with invocation.organisation() as organisation:
            organisation.set_k(checked)
        click.echo(
            _(
                "Weeks and months published from now on need at least {k} people per figure; "
                "those already published keep the k they were published under."
            ).format(k=checked)
        )

    @admin.group(help=_("Create and list teams."))
    def team() -> None:
        """Only a namespace for the team commands."""

    @team.command(name="create", help=_("Create a team called NAME."))
    @click.argument("name", metavar="NAME")
    @click.pass_obj
    def create_team(invocation: Invocation, name: str) -> None:
        from wellbeing.domain.people import validate_team_name

        checked = validate_team_name(name)
        with invocation.organisation() as organisation:
            created = organisation.create_team(checked)
        click.echo(_("Created team {name}.").format(name=created.name))

    @team.command(name="list", help=_("Every team with its number of members."))
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def list_teams(invocation: Invocation, as_json: bool) -> None:
        with invocation.organisation() as organisation:
            teams = organisation.teams()
        if as_json:
            print_json(
                {
                    "teams": [
                        {"id": found.id, "name": found.name, "members": members}
                        for found, members in teams
                    ]
                }
            )
            return
        if not teams:
            click.echo(_("There are no teams yet; create one with 'wellbeing admin team create'."))
            return
        width = max(len(found.name) for found, _count in teams)
        for found, members in teams:
            click.echo(
                ngettext("{name}  {count} member", "{name}  {count} members", members).format(
                    name=found.name.ljust(width), count=members
                )
            )

    @admin.group(help=_("Add people and move them between teams."))
    def person() -> None:
        """Only a namespace for the person commands."""

    @person.command(name="add", help=_("Add the person who logs in as ACCOUNT."))
    @click.argument("account", metavar="ACCOUNT")
    @click.option("--team", "team_name", metavar="NAME", help=_("Their team."))
    @click.pass_obj
    def add_person(invocation: Invocation, account: str, team_name: str | None) -> None:
        with invocation.organisation() as organisation:
            added, team = organisation.add_person(account, team_name)
        if team is not None:
            click.echo(
                _("Added {account} to team {team}.").format(
                    account=added.os_account, team=team.name
                )
            )
        else:
            click.echo(_("Added {account}, without a team.").format(account=added.os_account))

    @person.command(name="move", help=_("Move ACCOUNT to another team, or out of any team."))
    @click.argument("account", metavar="ACCOUNT")
    @click.option("--team", "team_name", metavar="NAME", help=_("The new team."))
    @click.option("--no-team", is_flag=True, help=_("Take them out of their team."))
    @click.pass_obj
    def move_person(
        invocation: Invocation, account: str, team_name: str | None, no_team: bool
    ) -> None:
        if (team_name is None) == (not no_team):
            input_error("team", _("give either --team NAME or --no-team"))
        with invocation.organisation() as organisation:
            team = organisation.move_person(account, team_name)
        if team is None:
            click.echo(_("{account} no longer belongs to a team.").format(account=account))
        else:
            click.echo(
                _("{account} now belongs to team {team}.").format(account=account, team=team.name)
            )

    @admin.command(
        name="audit",
        help=_("Who added, moved, granted or revoked whom, and when; newest first."),
    )
    @click.option(
        "--limit",
        default=50,
        type=Whole(1, MOST_ENTRIES, out_of_range=N_("give a number of entries from 1 to 10000")),
        show_default=True,
        metavar="N",
        help=_("Entries."),
    )
    @click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
    @click.pass_obj
    def audit(invocation: Invocation, limit: int, as_json: bool) -> None:
        with invocation.organisation() as organisation:
            entries = organisation.audit_trail(limit)
        if as_json:
            print_json(
                {"entries": [{**entry._asdict(), "at": entry.at.isoformat()} for entry in entries]}
            )
            return
        if not entries:
            click.echo(_("No changes to teams, people or roles yet."))
            return
        for entry in entries:
            click.echo(_audit_line(entry))

    _add_role_command(
        admin,
        "grant",
        _(
            "Give ACCOUNT a role: 'teamleader --team NAME' (sees that team's anonymised "
            "trends) or 'admin'."
        ),
        granted=True,
    )
    _add_role_command(
        admin,
        "revoke",
        _("Take a role away from ACCOUNT: 'teamleader --team NAME' or 'admin'."),
        granted=False,
    )
    return admin


def _add_role_command(group: click.Group, name: str, text: str, *, granted: bool) -> None:
    """`grant` and `revoke` take the same arguments and differ only in what they do."""

    @group.command(name=name, help=text)
    @click.argument("account", metavar="ACCOUNT")
    @click.argument(
        "role",
        type=Choice(ROLES, N_("{role!r} is not a role; use teamleader or admin")),
        metavar="teamleader|admin",
    )
    @click.option("--team", "team_name", metavar="NAME", help=_("The team led."))
    @click.pass_obj
    def change(invocation: Invocation, account: str, role: str, team_name: str | None) -> None:
        chosen = _role(role, team_name)
        with invocation.organisation() as organisation:
            if granted:
                team = organisation.grant(account, chosen, team_name)
            else:
                team = organisation.revoke(account, chosen, team_name)
        click.echo(_role_sentence(account, chosen, team.name if team else None, granted=granted))


def _role(role: str, team: str | None) -> str:
    """Checked before the database is opened, in the person's language."""
    if role == "teamleader" and not team:
        input_error("team", _("say which team the teamleader leads, with --team NAME"))
    return role


def _role_sentence(account: str, role: str, team: str | None, *, granted: bool) -> str:
    if role == "admin":
        if granted:
            return _("{account} is now an admin.").format(account=account)
        return _("{account} is no longer an admin.").format(account=account)
    if granted:
        return _("{account} now leads team {team}.").format(account=account, team=team)
    return _("{account} no longer leads team {team}.").format(account=account, team=team)


def _audit_line(entry: Any) -> str:
    """One entry in words; an erased person shows as such, never by a guess."""
    erased = _("(erased)")
    what = {
        "team_created": _("created team {team}"),
        "team_deleted": _("deleted team {team}"),
        "person_added": _("added {subject} to {team}"),
        "person_moved": _("moved {subject} to {team}"),
        "person_removed": _("removed a person"),
        "admin_granted": _("made {subject} an admin"),
        "admin_revoked": _("took the admin role from {subject}"),
        "lead_granted": _("made {subject} teamleader of {team}"),
        "lead_revoked": _("took team {team} from teamleader {subject}"),
    }.get(entry.action, entry.action)
    if entry.team is None and entry.action == "person_added":
        what = _("added {subject}, without a team")
    elif entry.team is None and entry.action == "person_moved":
        what = _("took {subject} out of their team")
    text = what.format(subject=entry.subject or erased, team=entry.team or "")
    return f"{local(entry.at):%Y-%m-%d %H:%M}  {entry.actor or erased}  {text}"
