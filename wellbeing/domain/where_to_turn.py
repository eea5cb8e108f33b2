"""Where a worker in Belgium can turn, and when to call which: the help page's content.

The support lines are the free, anonymous Belgian lines (Zelfmoordlijn 1813, Tele-Onthaal 106,
Télé-Accueil 107, Centre de Prévention du Suicide 0800 32 123, Telefonhilfe 108) and the
emergency number 112. At work: the vertrouwenspersoon and the prevention adviser for
psychosocial aspects (laws of 28 February and 28 March 2014 amending the Welfare Act of
4 August 1996), the occupational doctor (spontaneous consultation, Codex on well-being at work,
Book I, Title 4). For breaches of breaks, rest or hours: the union delegate and the social-law
inspectorate of the FPS Employment. One list serves the command line and the app, so the two
never give different numbers.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from wellbeing.i18n import N_, translate


class Contact(BaseModel):
    """Someone to turn to: a name, a number when there is one, and when to call."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    name: str  # a msgid: the Dutch and French names stay in the text where they help
    number: str | None = None
    hours: str | None = None  # a msgid such as "24/7, in Dutch"
    when: str  # a msgid


class ContactGroup(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    title: str  # a msgid
    contacts: tuple[Contact, ...]


WHERE_TO_TURN: tuple[ContactGroup, ...] = (
    ContactGroup(
        key="lines",
        title=N_("Support lines: free and anonymous"),
        contacts=(
            Contact(
                key="112",
                name=N_("Emergency number"),
                number="112",
                hours=N_("24/7"),
                when=N_("When a life is in danger right now, yours or someone else's."),
            ),
            Contact(
                key="1813",
                name=N_("Zelfmoordlijn"),
                number="1813",
                hours=N_("24/7, in Dutch; chat in the evening at zelfmoord1813.be"),
                when=N_("When you think about suicide, or worry about someone who does."),
            ),
            Contact(
                key="0800-32-123",
                name=N_("Centre de Prévention du Suicide"),
                number="0800 32 123",
                hours=N_("24/7, in French"),
                when=N_("When you think about suicide, or worry about someone who does."),
            ),
            Contact(
                key="106",
                name=N_("Tele-Onthaal"),
                number="106",
                hours=N_("24/7, in Dutch"),
                when=N_("When you need to talk to someone about anything that weighs on you."),
            ),
            Contact(
                key="107",
                name=N_("Télé-Accueil"),
                number="107",
                hours=N_("24/7, in French"),
                when=N_("When you need to talk to someone about anything that weighs on you."),
            ),
            Contact(
                key="108",
                name=N_("Telefonhilfe"),
                number="108",
                hours=N_("24/7, in German"),
                when=N_("When you need to talk to someone about anything that weighs on you."),
            ),
        ),
    ),
    ContactGroup(
        key="work",
        title=N_("At work and for your health"),
        contacts=(
            Contact(
                key="confidant",
                name=N_("Vertrouwenspersoon (personne de confiance)"),
                when=N_(
                    "For a confidential talk about stress, conflict or harassment at work. You "
                    "must be heard within 10 calendar days. Contact details are in the work "
                    "rules (arbeidsreglement)."
                ),
            ),
            Contact(
                key="prevention-adviser",
                name=N_(
                    "Prevention adviser for psychosocial aspects (preventieadviseur "
                    "psychosociale aspecten, conseiller en prévention aspects psychosociaux)"
                ),
                when=N_(
                    "Every employer has one, internal or from the external service, even where "
                    "there is no vertrouwenspersoon. For advice, an intervention or a formal "
                    "request about psychosocial risks."
                ),
            ),
            Contact(
                key="occupational-doctor",
                name=N_(
                    "Occupational doctor (preventieadviseur-arbeidsarts, conseiller en "
                    "prévention-médecin du travail)"
                ),
                when=N_(
                    "You may ask for a spontaneous consultation when your work affects your "
                    "health, without going through your manager."
                ),
            ),
            Contact(
                key="family-doctor",
                name=N_("Family doctor (huisarts, médecin traitant)"),
                when=N_(
                    "For your health, sleep and exhaustion, sick leave, and a referral to a "
                    "psychologist."
                ),
            ),
            Contact(
                key="teamleader",
                name=N_("Your teamleader"),
                when=N_("For workload, breaks and schedules."),
            ),
        ),
    ),
    ContactGroup(
        key="rights",
        title=N_("When breaks, rest or working hours are breached"),
        contacts=(
            Contact(
                key="union-delegate",
                name=N_("Union delegate (vakbondsafgevaardigde, délégué syndical)"),
                when=N_(
                    "When breaks, rest between shifts or working hours keep being breached, "
                    "and to know your rights under the collective agreements."
                ),
            ),
            Contact(
                key="inspectorate",
                name=N_(
                    "Social-law inspectorate (Toezicht op de Sociale Wetten, Contrôle des lois "
                    "sociales), FPS Employment"
                ),
                when=N_(
                    "To report breaches of the Labour Act (breaks, rest, hours, night work); "
                    "you may contact it yourself."
                ),
            ),
        ),
    ),
)


class ShownContact(BaseModel):
    """A contact in one language, as a page or a command prints it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    name: str
    number: str | None
    hours: str | None
    when: str


def where_to_turn(language: str) -> list[tuple[str, list[ShownContact]]]:
    """Every group's title and contacts, translated."""
    return [
        (
            translate(group.title, language),
            [
                ShownContact(
                    key=contact.key,
                    name=translate(contact.name, language),
                    number=contact.number,
                    hours=translate(contact.hours, language) if contact.hours else None,
                    when=translate(contact.when, language),
                )
                for contact in group.contacts
            ],
        )
        for group in WHERE_TO_TURN
    ]


# A label and what follows it: French puts a (no-break) space before the colon.
_LABELLED = N_("{label}: {text}")


def contact_line(contact: ShownContact, language: str) -> str:
    """One contact in one line of text: name, number and hours, then when to call."""
    head = contact.name
    if contact.number:
        head += f" {contact.number}"
    if contact.hours:
        head += f" ({contact.hours})"
    return translate(_LABELLED, language).format(label=head, text=contact.when)
