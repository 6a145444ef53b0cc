"""Shapes of sign-ups in the API. Times carry the venue's offset; emails are never shown."""

from datetime import datetime
from typing import Literal

from django.conf import settings
from pydantic import StrictInt
from ninja import Field, Schema
from pydantic import field_validator

from core.language import codes, supported

from activations.models.schedule import MAX_PARTY_SIZE_LIMIT
from api.activations.schemas import venue_time
from api.fields import WriteSchema
from signups.services.access import INTERPRETATION_MAX_LENGTH, NOTE_MAX_LENGTH, needs_of

# A party: how many people one sign-up brings (the session's own `max_party_size` is checked by the
# service: over it 422 `party_too_large`), and whether one of them is a companion or carer.
Places = Field(
    1,
    ge=1,
    le=MAX_PARTY_SIZE_LIMIT,
    strict=True,
    description="People in the party, the person signing up included (1 to the session's `max_party_size`): all get in, or none",
    examples=[1, 3],
)
Companion = Field(
    False,
    strict=True,
    description="One of the party is a companion or carer (takes no place where the session's `companions_free`)",
)


class SignUpIn(WriteSchema):
    display_name: str = Field(..., min_length=1, max_length=60, description="A nickname is enough", examples=["Sam"])
    email: str | None = Field(
        None, max_length=254, description="Optional: only to tell them if a place opens or the time changes"
    )
    phone: str | None = Field(
        None,
        max_length=32,
        description="Optional mobile number with country code, for texts (reminders, changes); reply STOP to end them",
        examples=["+447911123456"],
    )
    sms_consent: bool | None = Field(
        None,
        description=(
            "The person ticked “Text me reminders” (the kiosk and the web form send it). When sent, `phone` "
            "without it (422 `sms_consent_needed`) or it without `phone` (422 `phone_needed`) is refused; when "
            "left out, a `phone` given is the caller's word that the person asked for texts"
        ),
    )
    lease: StrictInt | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="Kiosks only: the seat lease a sign-up made offline was confirmed from (see PUT /kiosk/sessions/{id}/lease)",
    )
    places: int = Places
    companion: bool = Companion
    access_needs: list[Literal["step_free", "seating", "quiet_space", "interpretation"]] = Field(
        default_factory=list,
        max_length=4,
        description="Optional, so the team can prepare; shown only to the session's staff, never in public "
        "answers, and purged with the name. Needs `access_consent`",
    )
    interpretation: str | None = Field(
        None,
        max_length=INTERPRETATION_MAX_LENGTH,
        description="With `interpretation` in `access_needs`: which one (BSL, ASL or another language)",
        examples=["BSL"],
    )
    access_note: str | None = Field(None, max_length=NOTE_MAX_LENGTH, description="Anything else staff should know (staff only)")
    access_consent: bool = Field(
        False,
        strict=True,
        description="The person agrees that the session's staff see their access needs; required (422 "
        "`access_consent_required`) when any are given",
    )

    language: str | None = Field(
        None,
        max_length=35,
        description="The language the person signed up in (a code of `LANGUAGES` or a BCP 47 tag such as "
        "`pt-BR`): their emails, texts and sign-up page speak it. Left out: the request's `Accept-Language`",
        examples=["ja", "ar"],
    )

    multi_line = frozenset({"access_note"})

    @field_validator("language")
    @classmethod
    def _spoken(cls, value):
        if value is None:
            return None
        code = supported(value)
        if code is None:
            raise ValueError(f"must be one of {', '.join(codes())}")
        return code


class SignUpCreated(Schema):
    token: str = Field(..., description="The secret for the person's own page, cancelling and the .ics")
    status: str = Field(..., description="`confirmed` or `waitlisted`")
    waitlist_position: int | None
    places: int = Field(..., description="People in the party")
    companion: bool = Field(..., description="One of them is a companion or carer")
    url: str
    calendar_url: str

    @staticmethod
    def resolve_url(obj):
        return settings.SITE_URL + obj.get_absolute_url()

    @staticmethod
    def resolve_calendar_url(obj):
        return settings.SITE_URL + obj.get_calendar_url()


class AlreadySignedUp(Schema):
    """The same email was already signed up for the session. Organizers get that sign-up back; the
    public and kiosks get only this message (the link is emailed to that address again)."""

    detail: str
    code: str = "already_signed_up"
    token: str | None = None
    status: str | None = None
    waitlist_position: int | None = None


class SessionBrief(Schema):
    id: int
    title: str
    activation: str
    starts_at: str
    ends_at: str
    timezone: str
    status: str

    @staticmethod
    def resolve_activation(obj):
        return obj.activation.title

    @staticmethod
    def resolve_starts_at(obj):
        return venue_time(obj.starts_at, obj.activation.venue.zone)

    @staticmethod
    def resolve_ends_at(obj):
        return venue_time(obj.ends_at, obj.activation.venue.zone)

    @staticmethod
    def resolve_timezone(obj):
        return obj.activation.venue.timezone


class SignUpOut(SignUpCreated):
    display_name: str
    source: str
    checked_in_count: int = Field(..., description="How many of the party are in")
    created_at: datetime
    checked_in_at: datetime | None
    session: SessionBrief


class SignUpRow(Schema):
    """One line of a session's list, for the organizer and the booth's kiosk."""

    id: int
    token: str
    display_name: str
    status: str
    waitlist_position: int | None
    places: int
    companion: bool
    checked_in_count: int
    access_needs: list[str] = Field(..., description="What they asked the team to prepare (staff only)")
    interpretation: str = Field(..., alias="access_interpretation")
    access_note: str
    source: str
    has_email: bool

    @staticmethod
    def resolve_access_needs(obj):
        return needs_of(obj).as_list()

    created_at: datetime
    checked_in_at: datetime | None

    @staticmethod
    def resolve_has_email(obj):
        return bool(obj.email)


class WalkInIn(WriteSchema):
    model_config = {"json_schema_extra": {"examples": [{"display_name": "Sam"}]}}

    display_name: str = Field(..., min_length=1, max_length=60)
    email: str | None = Field(None, max_length=254)
    lease: StrictInt | None = Field(
        None, ge=1, le=2**63 - 1, description="The kiosk's seat lease a walk-in made offline was confirmed from"
    )
    places: int = Places
    companion: bool = Companion


class CheckInIn(WriteSchema):
    """Optional: with no body (or `{}`), everyone of the party still to come is checked in."""

    model_config = {"json_schema_extra": {"examples": [{}, {"people": 2}]}}

    people: int | None = Field(
        None,
        ge=1,
        le=MAX_PARTY_SIZE_LIMIT,
        strict=True,
        description="How many of the party come in now (default: all still to come); 409 `party_checked_in` "
        "when fewer are left, 422 `more_than_party` when the party is smaller",
    )


class AvailabilityOut(Schema):
    """What a partner app or the kiosk shows next to a session: places left and the queue."""

    session: int = Field(..., alias="pk")
    title: str
    capacity: int | None
    places_taken: int
    places_held: int = Field(..., description="Places paired kiosks hold for sign-ups made offline: taken for everyone else")
    free_places: int | None = Field(..., description="None when the session is unlimited")
    waitlist: bool
    waitlist_count: int
    signups: str = Field(..., alias="signup_window", description="`open`, `not_yet`, `closed` or `cancelled`")
