"""Shapes of shifts, volunteers and assignments in the API."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from api.fields import Moment, Text
from api.fields import WriteSchema

TrainingTag = Annotated[Text, Field(min_length=1, max_length=40, examples=["safeguarding"])]


class ShiftIn(WriteSchema):
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "role": "Peer supporter",
                    "starts_at": "2026-06-12T10:00:00",
                    "ends_at": "2026-06-12T14:00:00",
                    "min_people": 2,
                    "max_people": 3,
                    "required_training": ["safeguarding"],
                }
            ]
        }
    }

    role: Text = Field(..., min_length=1, max_length=120)
    starts_at: Moment
    ends_at: Moment
    min_people: int = Field(1, ge=0, le=500)
    max_people: int = Field(2, ge=1, le=500)
    required_training: list[TrainingTag] = Field(
        default_factory=list,
        max_length=10,
        description="Training every person on the shift must hold, e.g. `safeguarding`, `first-aid`",
    )


class ShiftOut(Schema):
    id: int
    activation: int = Field(..., alias="activation_id")
    role: str
    starts_at: datetime
    ends_at: datetime
    min_people: int
    max_people: int
    people: int = Field(..., description="People on the shift now")
    required_training: list[str]


class TrainingIn(WriteSchema):
    tag: TrainingTag
    expires_on: date | None = Field(None, description="Valid up to and including this day; omit for no expiry")


class TrainingOut(Schema):
    tag: str
    expires_on: date | None


class VolunteerIn(WriteSchema):
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "name": "Sam Rivera",
                    "email": "sam@example.org",
                    "phone": "+447911123456",
                    "training": [{"tag": "safeguarding", "expires_on": "2027-03-31"}, {"tag": "first-aid"}],
                }
            ]
        }
    }

    name: Text = Field(..., min_length=1, max_length=120)
    email: Text = Field(..., min_length=3, max_length=254)
    phone: Text = Field("", max_length=20, description="E.164, e.g. +447911123456")
    training: list[TrainingIn] = Field(default_factory=list, max_length=10)
    organization: int | None = Field(None, description="Needed only when you belong to several organizations")


class VolunteerOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    organization: int = Field(..., alias="organization_id")
    training: list[TrainingOut] = Field(..., alias="trainings")
    has_staff_pin: bool
    url: str = Field(..., description="The volunteer's personal page (their only way in: send it to them)")
    calendar_url: str

    @staticmethod
    def resolve_training(obj):
        return list(obj.trainings.all())

    @staticmethod
    def resolve_url(obj, context):
        return context["request"].build_absolute_uri(obj.get_absolute_url())

    @staticmethod
    def resolve_calendar_url(obj, context):
        return context["request"].build_absolute_uri(obj.get_calendar_url())


class AssignmentIn(WriteSchema):
    model_config = {"json_schema_extra": {"examples": [{"volunteer": 7}]}}

    volunteer: int = Field(..., ge=1, le=2**63 - 1)


class AssignmentOut(Schema):
    id: int
    shift: int = Field(..., alias="shift_id")
    volunteer: int = Field(..., alias="volunteer_id")
    status: str
    created_at: datetime
