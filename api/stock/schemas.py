"""Shapes of kit types, stock locations, stock levels and movements in the API."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from api.fields import WriteSchema

MovementKind = Literal["receive", "distribute", "transfer", "adjust", "write_off"]


class KitTypeIn(WriteSchema):
    multi_line = frozenset({"contents"})
    name: str = Field(..., min_length=1, max_length=120, examples=["Self-care kit"])
    contents: str = Field("", max_length=2000, examples=["earplugs, water, electrolytes, info card"])
    sku: str = Field("", max_length=64)
    organization: int | None = Field(None, description="Needed only when you belong to several organizations")


class KitTypeOut(Schema):
    id: int
    name: str
    contents: str
    sku: str
    organization: int = Field(..., alias="organization_id")


class StockLocationIn(WriteSchema):
    name: str = Field(..., min_length=1, max_length=120, examples=["Main stage booth"])
    activation: int | None = Field(None, description="The activation whose booth this is; omit for a warehouse")
    organization: int | None = Field(None, description="Needed only for a warehouse when you belong to several organizations")


class StockLocationOut(Schema):
    id: int
    name: str
    activation: int | None = Field(None, alias="activation_id")
    organization: int = Field(..., alias="organization_id")
    kind: Literal["warehouse", "booth"] = Field(..., alias="kind_label")


class StockRowOut(Schema):
    location: int = Field(..., alias="location_id")
    location_name: str = Field(..., alias="location.name")
    kit_type: int = Field(..., alias="kit_type_id")
    kit_type_name: str = Field(..., alias="kit_type.name")
    on_hand: int
    threshold: int | None = Field(None, alias="low_stock_threshold")
    low: bool = Field(..., alias="is_low")


class StockFilters(Schema):
    location: int | None = None
    kit_type: int | None = None
    activation: int | None = Field(None, description="Every location of this activation")
    low: bool | None = Field(None, description="Only low (true) or only not-low (false) rows")


class MovementIn(WriteSchema):
    model_config = {
        "json_schema_extra": {
            "examples": [
                {"kind": "distribute", "kit_type": 1, "location": 2, "quantity": 1},
                {"kind": "transfer", "kit_type": 1, "location": 1, "to_location": 2, "quantity": 50},
                {"kind": "adjust", "kit_type": 1, "location": 2, "quantity": -10, "reason": "Ten kits found damaged"},
            ]
        }
    }

    kind: MovementKind
    kit_type: int
    location: int = Field(
        ..., description="Where the kits are received, handed out, adjusted or written off; a transfer's source"
    )
    to_location: int | None = Field(None, description="A transfer's destination")
    quantity: int = Field(
        ..., ge=-1_000_000_000, le=1_000_000_000, description="How many kits (1 or more); for `adjust`, the signed correction"
    )
    reason: str = Field("", max_length=500, description="Required for `adjust` and `write_off`")


class UndoIn(WriteSchema):
    reason: str = Field("", max_length=500)


class ThresholdIn(WriteSchema):
    model_config = {"json_schema_extra": {"examples": [{"location": 2, "kit_type": 1, "threshold": 50}]}}

    location: int
    kit_type: int
    threshold: int | None = Field(..., ge=0, le=1_000_000_000, description="Warn at this many or fewer; null for no warning")


class LedgerRowOut(Schema):
    id: int
    kind: MovementKind
    kit_type: int = Field(..., alias="kit_type_id")
    location: int = Field(..., alias="location_id")
    other_location: int | None = Field(None, alias="other_location_id")
    change: int = Field(..., alias="quantity", description="Signed: positive came in, negative went out")
    reason: str
    actor: str
    created_at: datetime
    reverses: int | None = Field(None, alias="reverses_id")


class MovementOut(Schema):
    id: int
    kind: MovementKind
    kit_type: int
    location: int
    to_location: int | None = None
    quantity: int
    reason: str
    actor: str
    created_at: datetime
    reverses: int | None = None
    ledger: list[LedgerRowOut]
    stock: list[StockRowOut]


class LedgerFilters(Schema):
    location: int | None = None
    kit_type: int | None = None
    kind: MovementKind | None = None
    activation: int | None = None
