"""Access needs: what someone asks the team to prepare, asked with consent and for that one purpose.

Every need is optional. What is given is shown only to the session's staff (the kiosk's roster in
staff mode, the admin's roster and the organizer's lists), never on a public page or in an API
answer the public gets; it is purged with the names (`purge_personal_data`), and the impact report
shows it only as counts under the small-numbers rule. Because it is health-related, nothing is kept
unless the person also ticks the consent box (`access_consent`); the consent is needed only when
something is given, so nobody has to consent to give nothing.

The web form, the kiosk and the API all pass what was typed to `clean_access_needs`, which
`signups.sign_up` calls; this module is the one place the list of needs lives.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from core import text
from core.errors import GreenroomError

# The needs one can tick, as the API names them, with what staff read.
NEEDS = {
    "step_free": gettext_noop("Step-free access"),
    "seating": gettext_noop("Seating"),
    "quiet_space": gettext_noop("A quiet space"),
    "interpretation": gettext_noop("Interpretation"),
}
# Interpretation: British or American Sign Language, or another (a short text of which).
INTERPRETATIONS = {"bsl": "BSL", "asl": "ASL"}
INTERPRETATION_MAX_LENGTH = 40
NOTE_MAX_LENGTH = 500

ASK = gettext_noop("Tell us what you need so the team can prepare. Only the session's staff see this.")
CONSENT = gettext_noop("I agree that the session's staff see what I have written here, to prepare for my visit.")


@dataclass(frozen=True)
class AccessNeeds:
    step_free: bool = False
    seating: bool = False
    quiet_space: bool = False
    interpretation: str = ""  # "BSL", "ASL" or the language typed; empty: none asked for
    note: str = ""  # free text, shown only to staff

    @property
    def given(self) -> bool:
        return bool(self.step_free or self.seating or self.quiet_space or self.interpretation or self.note)

    def as_list(self) -> list[str]:
        """The needs ticked, by their API names, in the order of NEEDS."""
        ticked = {
            "step_free": self.step_free,
            "seating": self.seating,
            "quiet_space": self.quiet_space,
            "interpretation": bool(self.interpretation),
        }
        return [name for name in NEEDS if ticked[name]]

    def labels(self) -> list[str]:
        """What staff read: "Step-free access", "Interpretation: BSL", …"""
        return [f"{NEEDS[name]}: {self.interpretation}" if name == "interpretation" else NEEDS[name] for name in self.as_list()]

    def model_fields(self) -> dict:
        return {
            "access_step_free": self.step_free,
            "access_seating": self.seating,
            "access_quiet_space": self.quiet_space,
            "access_interpretation": self.interpretation,
            "access_note": self.note,
        }


NONE = AccessNeeds()


def needs_of(signup) -> AccessNeeds:
    """What a sign-up asked for (read back from its row)."""
    return AccessNeeds(
        step_free=signup.access_step_free,
        seating=signup.access_seating,
        quiet_space=signup.access_quiet_space,
        interpretation=signup.access_interpretation,
        note=signup.access_note,
    )


def _refuse(detail: str, code: str, field: str):
    raise GreenroomError(detail, code=code, field=field, status=422, fields=[{"field": field, "message": detail}])


def clean_interpretation(choice, other="") -> str:
    """A form's select (`bsl`, `asl`, `other` or nothing) and its "which?" text, as one value."""
    choice = str(choice or "").strip().lower()
    if not choice:
        return ""
    if choice in INTERPRETATIONS:
        return INTERPRETATIONS[choice]
    if choice == "other":
        which = str(other or "").strip()
        if not which:
            _refuse("Please say which interpretation you need.", "interpretation_which", "interpretation_other")
        return which
    _refuse("Choose BSL, ASL or another interpretation.", "invalid_access_need", "interpretation")


def clean_access_needs(needs=(), interpretation="", note="", consent=False) -> AccessNeeds:
    """What was ticked and typed, checked; 422 for an unknown need, a need of interpretation without
    which one, text that is not plain text, or anything given without consent. Nothing given: `NONE`."""
    if needs is None:
        needs = ()
    if isinstance(needs, str) or not all(isinstance(n, str) for n in needs):
        _refuse("Access needs are a list of names.", "invalid_access_need", "access_needs")
    unknown = sorted(set(needs) - set(NEEDS))
    if unknown:
        _refuse(
            f"Unknown access need “{unknown[0][:40]}”: choose from {', '.join(NEEDS)}.", "invalid_access_need", "access_needs"
        )
    interpretation = str(interpretation or "").strip()
    if text.problem(interpretation):
        _refuse(f"The interpretation {text.problem(interpretation)}.", "invalid", "interpretation")
    interpretation = " ".join(interpretation.split())
    if len(interpretation) > INTERPRETATION_MAX_LENGTH:
        _refuse(
            f"Please say which interpretation in {INTERPRETATION_MAX_LENGTH} characters or fewer.", "invalid", "interpretation"
        )
    if "interpretation" in needs and not interpretation:
        _refuse("Please say which interpretation you need (BSL, ASL or another).", "interpretation_which", "interpretation")
    note = str(note or "").strip()
    found = text.problem(note, multi_line=True)
    if found:
        _refuse(f"The note {found}.", "invalid", "access_note")
    if len(note) > NOTE_MAX_LENGTH:
        _refuse(f"Please keep the note to {NOTE_MAX_LENGTH} characters or fewer.", "invalid", "access_note")
    given = AccessNeeds(
        step_free="step_free" in needs,
        seating="seating" in needs,
        quiet_space="quiet_space" in needs,
        interpretation=interpretation,
        note=note,
    )
    if given.given and consent is not True:
        _refuse(
            "Please tick the box to say the session's staff may see your access needs, or leave them out.",
            "access_consent_required",
            "access_consent",
        )
    return given
