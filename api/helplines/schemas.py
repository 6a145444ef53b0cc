"""What `GET /api/helplines` answers: a country's emergency numbers and its vetted lines."""

from datetime import date

from ninja import Schema


class ChannelOut(Schema):
    kind: str
    dial: str
    e164: str
    short_code: bool
    sms_keyword: str
    after_dialing: str
    text: str | None  # "Text SHOUT to 85258", in the requested language
    href: str  # tel:, sms:, https://wa.me/…, mailto: or the chat URL
    hours: str


class LineOut(Schema):
    id: int
    name: str
    local_name: str
    section: str
    main: bool
    group: str
    hours_24_7: bool
    hours: str
    languages: list[str]
    audiences: list[str]
    free: bool
    confidential: bool
    cost: str
    eligibility: str
    verified_on: date | None
    due_for_recheck: bool
    channels: list[ChannelOut]


class HelplinesOut(Schema):
    country: str
    name: str
    language: str
    emergency: list[str]
    lines: list[LineOut]
    music_industry: list[LineOut]
    checked_on: date | None
    help_url: str
    international_directory: str


class ErrorOut(Schema):
    detail: str
    code: str
