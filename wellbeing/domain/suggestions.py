"""What a person can do about a finding: a catalogue with stable codes.

Codes are stored with flags, so they never change meaning; texts are English msgids that the
gettext catalogs translate. Where to turn in Belgium follows domain.md §6.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from wellbeing.i18n import N_, translate

ActionKind = Literal["pause"]

# The catalogue is fixed data written here, so its entries are plain frozen dataclasses: a
# flag's suggestions are listed without building a validator for them.


@dataclass(frozen=True, kw_only=True)
class Action:
    """Something the app can start at once, such as a guided pause of a few minutes."""

    kind: ActionKind
    minutes: int

    def __post_init__(self) -> None:
        if self.kind not in get_args(ActionKind) or not 1 <= self.minutes <= 60:
            raise ValueError(f"not an action the app can start: {self!r}")


@dataclass(frozen=True, kw_only=True)
class SupportLine:
    """A free, anonymous Belgian support line (domain.md §6)."""

    name: str
    number: str
    language: str
    hours: str


@dataclass(frozen=True, kw_only=True)
class Suggestion:
    code: str
    title: str
    text: str
    action: Action | None = None

    def title_in(self, language: str) -> str:
        return translate(self.title, language)

    def text_in(self, language: str) -> str:
        return translate(self.text, language)


SUPPORT_LINES: tuple[SupportLine, ...] = (
    SupportLine(name="Zelfmoordlijn", number="1813", language="nl", hours="24/7"),
    SupportLine(name="Tele-Onthaal", number="106", language="nl", hours="24/7"),
    SupportLine(name="Télé-Accueil", number="107", language="fr", hours="24/7"),
    SupportLine(
        name="Centre de Prévention du Suicide", number="0800 32 123", language="fr", hours="24/7"
    ),
    SupportLine(name="Telefonhilfe", number="108", language="de", hours="24/7"),
)
EMERGENCY_NUMBER = "112"

PAUSE_MICRO = "pause.micro"
BREAK_LEGAL = "break.legal"
REST_PROTECT = "rest.protect"
TALK_TEAMLEADER = "talk.teamleader"
TALK_CONFIDANT = "talk.confidant"
CARE_DOCTOR = "care.doctor"
SUPPORT_LINES_CODE = "support.lines"
DEBRIEF_CONTACTS = "debrief.contacts"
CARE_OCCUPATIONAL = "care.occupational"
LEGAL_BREACH = "legal.breach"

# Micro-breaks of up to 10 minutes raise vigour and reduce fatigue (Albulescu et al., PLoS One
# 2022); for call handling 5-10 minutes after 50-60 minutes of work (UK HSE). Hence 5 minutes.
MICRO_PAUSE_MINUTES = 5

_CATALOGUE: tuple[Suggestion, ...] = (
    Suggestion(
        code=PAUSE_MICRO,
        title=N_("Take a micro-pause"),  # also read about a shift recorded days later
        text=N_(
            "Step away from the screen for 5 minutes: stand up, look into the distance, "
            "breathe slowly. Short breaks of up to 10 minutes reduce fatigue (Albulescu et al., "
            "PLoS One 2022)."
        ),
        action=Action(kind="pause", minutes=MICRO_PAUSE_MINUTES),
    ),
    Suggestion(
        code=BREAK_LEGAL,
        title=N_("Take the legal break"),
        text=N_(
            "When you work more than 6 hours, you have the right to a break of at least 15 "
            "minutes that begins before 6 hours of work (Labour Act of 16 March 1971, art. "
            "38quater). If the planning or the queue keeps making it impossible, raise it with "
            "your teamleader."
        ),
    ),
    Suggestion(
        code=REST_PROTECT,
        title=N_("Protect your rest"),
        text=N_(
            "You have the right to at least 11 consecutive hours of rest between two working "
            "days (Labour Act of 16 March 1971, art. 38ter); your employer must plan for it. "
            "Take your days off when the days have run on, and ask for a change if the "
            "schedule does not leave that rest. Quick returns cost sleep (Öster et al., SJWEH "
            "2024)."
        ),
    ),
    Suggestion(
        code=TALK_TEAMLEADER,
        title=N_("Talk to your teamleader"),
        text=N_(
            "Your teamleader can change workload, breaks and schedules. A way to start: "
            '"Lately I have noticed that my shifts are leaving me drained. Can we look together '
            'at my planning and breaks?"'
        ),
    ),
    Suggestion(
        code=TALK_CONFIDANT,
        title=N_("Contact the vertrouwenspersoon or the prevention adviser"),
        text=N_(
            "You can ask the vertrouwenspersoon (personne de confiance) or the "
            "preventieadviseur psychosociale aspecten (conseiller en prévention aspects "
            "psychosociaux) for a confidential talk; they must hear you within 10 calendar days "
            "(laws of 28 February and 28 March 2014). Their contact details are in the work "
            "rules (arbeidsreglement)."
        ),
    ),
    Suggestion(
        code=CARE_DOCTOR,
        title=N_("See your family doctor or the EAP"),
        text=N_(
            "Talk to your family doctor (huisarts, médecin traitant) or, where your employer "
            "has one, the employee assistance programme (EAP). This app does not diagnose "
            "anything; they can help."
        ),
    ),
    Suggestion(
        code=SUPPORT_LINES_CODE,
        title=N_("Support lines, free and anonymous"),
        text=N_(
            "Zelfmoordlijn 1813 (Dutch, 24/7, chat in the evening); Tele-Onthaal 106 (Dutch, "
            "24/7); Télé-Accueil 107 (French, 24/7); Centre de Prévention du Suicide "
            "0800 32 123 (French, 24/7); Telefonhilfe 108 (German, 24/7). In an emergency, "
            "call 112."
        ),
    ),
    Suggestion(
        code=CARE_OCCUPATIONAL,
        title=N_("Ask the occupational doctor for a consultation"),
        text=N_(
            "You may ask the occupational doctor (preventieadviseur-arbeidsarts, conseiller en "
            "prévention-médecin du travail) for a spontaneous consultation about your health "
            "at work, without going through your manager (Codex on well-being at work, Book I, "
            "Title 4). The contact details are in the work rules (arbeidsreglement)."
        ),
    ),
    Suggestion(
        code=LEGAL_BREACH,
        title=N_("If breaks, rest or hours keep being breached"),
        text=N_(
            "Breaks, rest and working hours are your rights under the Labour Act. If they keep "
            "being breached, talk to your union delegate (vakbondsafgevaardigde, délégué "
            "syndical) or contact the social-law inspectorate (Toezicht op de Sociale Wetten, "
            "Contrôle des lois sociales) of the FPS Employment."
        ),
    ),
    Suggestion(
        code=DEBRIEF_CONTACTS,
        title=N_("Debrief after difficult contacts"),
        text=N_(
            "After an aggressive or upsetting contact, take a few minutes and talk it through "
            "with a colleague or your teamleader before the next one. Customer aggression "
            "drains energy (Deery, Iverson & Walsh 2002)."
        ),
    ),
)

SUGGESTIONS: dict[str, Suggestion] = {item.code: item for item in _CATALOGUE}


def suggestion(code: str) -> Suggestion:
    """The suggestion with this code; KeyError for a code no version has defined."""
    return SUGGESTIONS[code]
