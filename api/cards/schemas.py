"""Shapes of card batches in the API."""

from datetime import datetime
from typing import Literal

from django.conf import settings
from ninja import Field, Schema
from api.fields import WriteSchema

Layout = Literal["card-a4-10up", "card-letter-10up", "postcard-a6", "poster-a4"]
Profile = Literal["office", "press"]


class CardBatchIn(WriteSchema):
    model_config = {
        "json_schema_extra": {
            "examples": [
                {"country": "GB", "language": "en", "layout": "card-a4-10up", "count": 200, "activation": 1},
                {"country": "EG", "language": "ar", "layout": "card-a4-10up", "count": 500, "profile": "press", "bleed": True},
            ]
        }
    }

    country: str = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2", examples=["GB"])
    language: str = Field(..., min_length=2, max_length=12, description="A help-page language", examples=["en"])
    layout: Layout = Field(..., examples=["card-a4-10up"])
    count: int = Field(..., ge=1, le=10_000, description="How many cards (or postcards, posters)", examples=[500])
    activation: int | None = None
    organization: int | None = Field(None, description="Needed only without an activation when you belong to several")
    allow_stale: bool = Field(False, description="Print even when lines are due for re-check; the batch keeps warnings")
    bleed: bool = Field(False, description="A print-shop file: one item, 3 mm bleed, TrimBox and BleedBox")
    profile: Profile = Field("office", description="office: RGB for a desk printer; press: PDF/X-4, CMYK, text and QR in 100 % K")


class CardBatchCreated(Schema):
    id: int
    code: str
    url: str
    pdf_url: str
    warnings: list[dict]

    @staticmethod
    def resolve_url(obj):
        return obj.short_url

    @staticmethod
    def resolve_pdf_url(obj):
        return f"{settings.SITE_URL}/api/card-batches/{obj.pk}/pdf"


class CardBatchOut(CardBatchCreated):
    country: str
    language: str
    layout: str
    count: int
    bleed: bool
    profile: str
    allow_stale: bool
    activation: int | None = Field(None, alias="activation_id")
    organization: int | None = Field(None, alias="organization_id")
    created_at: datetime
    scans: int
    png_url: str
    svg_url: str

    @staticmethod
    def resolve_png_url(obj):
        return f"{settings.SITE_URL}/api/card-batches/{obj.pk}/qr.png"

    @staticmethod
    def resolve_svg_url(obj):
        return f"{settings.SITE_URL}/api/card-batches/{obj.pk}/qr.svg"
