"""Shapes of the welfare API. Bodies forbid unknown fields: a visit must never carry a name or a note."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from api.fields import Text
from api.fields import WriteSchema

CategoryName = Literal[
    "emotional_support",
    "panic_anxiety",
    "substance",
    "lost_separated",
    "disclosure",
    "signposted_medical",
    "signposted_crisis_line",
    "other",
]
OutcomeName = Literal["stayed", "left_with_friend", "referred"]
WhereName = Literal["booth", "stage", "campsite"]


class Strict(WriteSchema):
    model_config = ConfigDict(extra="forbid")


class VisitIn(Strict):
    category: CategoryName = Field(..., examples=["panic_anxiety"])
    outcome: OutcomeName | None = Field(None, examples=["stayed"])


class VisitOut(Schema):
    id: int
    category: str
    outcome: str | None
    quarter: datetime = Field(..., description="The quarter-hour it happened in (never the exact time)")
    undo_token: str = Field(..., description="Send to the undo call within 10 seconds to take the tap back")
    undo_until: datetime


class UndoVisitIn(Strict):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"undo_token": "the undo_token of the visit's answer"}]}
    )

    undo_token: str = Field(..., max_length=400)


class HourCounts(Schema):
    hour: datetime
    counts: dict[str, int]
    total: int


class VisitCountsOut(Schema):
    activation: int
    time_zone: str
    categories: list[str]
    total: int
    by_category: dict[str, int]
    items: list[HourCounts]
    count: int


class ContactIn(Strict):
    name: Text = Field(..., min_length=1, max_length=100, examples=["Sam (welfare lead)"])
    phone: Text = Field("", max_length=20, examples=["+447700900123"])
    email: Text = Field("", max_length=254, examples=["lead@example.org"])


class ContactOut(Schema):
    position: int
    name: str
    phone: str
    email: str


class OnCallIn(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "contacts": [{"name": "Riya (welfare lead)", "phone": "+447700900123", "email": "lead@example.org"}],
                    "ack_minutes": 3,
                }
            ]
        },
    )

    contacts: list[ContactIn] = Field(..., max_length=10, description="In the order they are told")
    ack_minutes: int | None = Field(None, ge=1, le=60, description="Minutes before the next contact is told (default 3)")


class OnCallOut(Schema):
    activation: int
    ack_minutes: int
    contacts: list[ContactOut]


class AlertIn(Strict):
    where: WhereName = Field(..., examples=["booth"])
    what: CategoryName = Field(..., examples=["panic_anxiety"])


class AlertCreatedOut(Schema):
    id: int
    status: str


class ToldOut(Schema):
    step: int
    name: str
    notified_at: datetime


class AlertOut(Schema):
    id: int
    status: str = Field(..., description="raised, acknowledged or escalated")
    where: str
    what: str
    raised_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    last_told: str | None
    next_step_at: datetime | None
    told: list[ToldOut]


class AuditEventOut(Schema):
    at: datetime
    kind: str
    by: str
    contact: str | None
    step: int | None
