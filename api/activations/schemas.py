"""Shapes of venues, activations and sessions in the API. Times carry the venue's offset."""

from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from api.fields import Moment, Text
from api.fields import WriteSchema


def venue_time(value, zone):
    return timezone.localtime(value, zone).isoformat() if value else None


class VenueIn(WriteSchema):
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "name": "Wellness Tent",
                    "address": "Randall's Island Park",
                    "city": "New York",
                    "country": "US",
                    "timezone": "America/New_York",
                }
            ]
        }
    }

    name: Text = Field(..., min_length=1, max_length=200)
    address: Text = Field("", max_length=300)
    city: Text = Field(..., min_length=1, max_length=120)
    country: Text = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2", examples=["US"])
    timezone: Text = Field(..., max_length=64, description="IANA time zone", examples=["America/New_York"])
    organization: int | None = Field(None, description="Needed only when you belong to several organizations")


class VenuePatch(WriteSchema):
    name: Text | None = Field(None, min_length=1, max_length=200)
    address: Text | None = Field(None, max_length=300)
    city: Text | None = Field(None, min_length=1, max_length=120)
    country: Text | None = Field(None, min_length=2, max_length=2)
    timezone: Text | None = Field(None, max_length=64)


class VenueOut(Schema):
    id: int
    name: str
    address: str
    city: str
    country: str
    timezone: str
    organization: int = Field(..., alias="organization_id")


Kind = Literal["residency", "panel", "dinner", "festival", "other"]
ActivationStatus = Literal["draft", "published", "cancelled"]


class ActivationIn(WriteSchema):
    multi_line = frozenset({"description"})
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "kind": "festival",
                    "title": "Governors Ball Wellness Booth",
                    "venue": 1,
                    "starts_at": "2026-06-12T12:00:00",
                    "ends_at": "2026-06-14T23:00:00",
                    "status": "published",
                    "description": "Breathwork, earplugs, water and someone to talk to.",
                }
            ]
        }
    }

    kind: Kind
    title: Text = Field(..., min_length=1, max_length=200)
    slug: Text | None = Field(None, max_length=100, pattern=r"^[-a-zA-Z0-9_]+$")
    description: Text = Field("", max_length=10000)
    venue: int
    starts_at: Moment
    ends_at: Moment
    status: ActivationStatus = "draft"
    partners: Text = Field("", max_length=500)
    featured_artists: Text = Field("", max_length=500)
    organization: int | None = None


class ActivationPatch(WriteSchema):
    multi_line = frozenset({"description"})
    kind: Kind | None = None
    title: Text | None = Field(None, min_length=1, max_length=200)
    slug: Text | None = Field(None, max_length=100, pattern=r"^[-a-zA-Z0-9_]+$")
    description: Text | None = Field(None, max_length=10000)
    venue: int | None = None
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    status: ActivationStatus | None = None
    partners: Text | None = Field(None, max_length=500)
    featured_artists: Text | None = Field(None, max_length=500)


class ActivationOut(Schema):
    id: int
    kind: str
    title: str
    slug: str
    description: str
    venue: int = Field(..., alias="venue_id")
    city: str
    country: str
    timezone: str
    starts_at: str
    ends_at: str
    status: str
    partners: str
    featured_artists: str
    url: str

    @staticmethod
    def resolve_city(obj):
        return obj.venue.city

    @staticmethod
    def resolve_country(obj):
        return obj.venue.country

    @staticmethod
    def resolve_timezone(obj):
        return obj.venue.timezone

    @staticmethod
    def resolve_starts_at(obj):
        return venue_time(obj.starts_at, obj.venue.zone)

    @staticmethod
    def resolve_ends_at(obj):
        return venue_time(obj.ends_at, obj.venue.zone)

    @staticmethod
    def resolve_url(obj):
        from django.conf import settings

        return settings.SITE_URL + obj.get_absolute_url()


class SessionIn(WriteSchema):
    multi_line = frozenset({"description"})
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "title": "Guided breathwork",
                    "starts_at": "2026-06-12T14:00:00",
                    "ends_at": "2026-06-12T14:45:00",
                    "capacity": 20,
                    "waitlist": True,
                }
            ]
        }
    }

    title: Text = Field(..., min_length=1, max_length=200)
    description: Text = Field("", max_length=5000)
    starts_at: Moment
    ends_at: Moment
    capacity: int | None = Field(None, ge=0, le=100000, description="Empty for unlimited")
    waitlist: bool = True
    signups_open_at: Moment | None = None
    signups_close_at: Moment | None = None


class SessionPatch(WriteSchema):
    multi_line = frozenset({"description"})
    title: Text | None = Field(None, min_length=1, max_length=200)
    description: Text | None = Field(None, max_length=5000)
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    capacity: int | None = Field(None, ge=0, le=100000)
    waitlist: bool | None = None
    signups_open_at: Moment | None = None
    signups_close_at: Moment | None = None
    status: Literal["scheduled", "cancelled"] | None = None


class SessionOut(Schema):
    id: int
    activation: int = Field(..., alias="activation_id")
    title: str
    description: str
    starts_at: str
    ends_at: str
    capacity: int | None
    waitlist: bool
    max_party_size: int = Field(..., description="The most people one sign-up may bring")
    companions_free: bool = Field(..., description="A companion or carer takes no place")
    access: list[str] = Field(
        ..., description="What the session offers: `step_free_access`, `seating`, `hearing_loop`, `quiet_space`"
    )
    status: str

    @staticmethod
    def resolve_access(obj):
        return [name for name, _ in obj.ACCESS_FACTS if getattr(obj, name)]

    @staticmethod
    def resolve_starts_at(obj):
        return venue_time(obj.starts_at, obj.activation.venue.zone)

    @staticmethod
    def resolve_ends_at(obj):
        return venue_time(obj.ends_at, obj.activation.venue.zone)


class ErrorOut(Schema):
    detail: str
    code: str
