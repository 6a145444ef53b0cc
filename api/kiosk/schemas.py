"""Shapes of kiosk devices and of the kiosk's own reads."""

from datetime import datetime

from django.utils import timezone
from ninja import Field, Schema
from pydantic import StrictInt
from api.fields import WriteSchema


class KioskDeviceIn(WriteSchema):
    activation: int = Field(..., examples=[1])
    name: str = Field(..., min_length=1, max_length=100, examples=["Booth tablet 1"])
    default_language: str = Field("en", max_length=10, description="The language the kiosk returns to after each visitor")


class KioskDeviceOut(Schema):
    id: int
    name: str
    activation: int = Field(..., alias="activation_id")
    state: str = Field(..., description="“waiting to pair”, “paired” or “revoked”")
    default_language: str
    has_pin: bool
    paired_at: datetime | None
    revoked_at: datetime | None
    last_seen_at: datetime | None


class PairingOut(Schema):
    id: int
    name: str
    activation: int
    pairing_code: str = Field(..., description="Single use; valid 24 hours; shown only now")
    pairing_url: str
    expires_at: datetime


class PinIn(WriteSchema):
    pin: str = Field(..., max_length=16, description="6 to 8 digits", examples=["246813"])


class StaffModeIn(WriteSchema):
    model_config = {"json_schema_extra": {"examples": [{"pin": "246813"}, {"pin": "135792", "staff_member": 12}]}}

    pin: str = Field(
        ...,
        max_length=16,
        description="The PIN typed on the kiosk: the device's (6 to 8 digits) or, with staff_member, their own",
    )
    staff_member: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="A rostered person's id (from `GET /api/kiosk/on-shift`) for their own PIN; omit for the device PIN",
    )


class OnShiftOut(Schema):
    id: int
    name: str


class StaffModeOut(Schema):
    staff_token: str = Field(..., description="Send as the `X-Kiosk-Staff` header with staff-only reads")
    expires_at: datetime


class KioskSessionRef(Schema):
    id: int
    title: str
    start_label: str
    started: bool
    signups_closed: bool


class KioskSignupOut(Schema):
    token: str
    display_name: str
    email_start: str = Field(
        "", description="The part of the email before the @ (empty without one), for the roster's search box; never shown"
    )
    status: str
    waitlist_position: int | None
    places: int = Field(..., description="People in the party")
    companion: bool = Field(..., description="One of them is a companion or carer")
    checked_in_count: int = Field(..., description="How many of the party are in")
    access_needs: list[str] = Field(..., description="What they asked the team to prepare, in words")
    access_note: str = Field(..., description="Their note to staff")
    session: KioskSessionRef


class KioskSignupList(Schema):
    items: list[KioskSignupOut]
    count: int


class LeaseIn(WriteSchema):
    places: StrictInt = Field(
        ..., description="Unused places the kiosk wants to hold (0 to GREENROOM_KIOSK_LEASE_MAX)", examples=[3]
    )
    claims: StrictInt = Field(0, ge=0, description="Sign-ups this kiosk has sent naming its lease and not had refused")
    lease: StrictInt | None = Field(None, ge=1, le=2**63 - 1, description="The lease those claims name, as this kiosk holds it")


class LeaseOut(Schema):
    id: int
    session: int = Field(..., alias="session_id")
    places: int = Field(..., alias="unused", description="Places held now, unused: the kiosk may confirm this many offline")
    used: int
    claims: int
    expires_at: datetime
    expires_in: int = Field(..., description="Seconds the kiosk may confirm from it (count on your own clock)")

    @staticmethod
    def resolve_expires_in(obj):
        return max(0, int((obj.expires_at - timezone.now()).total_seconds()))
