"""QR card batches: create a print run, fetch its PDF and its code for signage."""

from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from printables.scoping import card_batches_for
from api.activations.schemas import ErrorOut
from api.auth import organizer_auth
from api.cards.schemas import CardBatchCreated, CardBatchIn, CardBatchOut
from printables import services

router = Router(tags=["card batches"], auth=organizer_auth)
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 503: ErrorOut}


def _batches(request):
    return card_batches_for(request.auth).annotate(total_scans=Sum("scan_counts__scans"))


def _batch(request, batch_id):
    return get_object_or_404(_batches(request), pk=batch_id)


@router.post("/card-batches", response={201: CardBatchCreated, **ERRORS})
def create_card_batch(request, payload: CardBatchIn):
    batch = services.create_batch(
        request.auth,
        country=payload.country,
        language=payload.language,
        layout=payload.layout,
        count=payload.count,
        activation_id=payload.activation,
        organization_id=payload.organization,
        allow_stale=payload.allow_stale,
        bleed=payload.bleed,
        profile=payload.profile,
    )
    return Status(201, batch)


@router.get("/card-batches", response=list[CardBatchOut])
@paginate(LimitOffsetPagination)
def list_card_batches(request):
    return _batches(request).order_by("-created_at", "-pk")


@router.get("/card-batches/{batch_id}", response={200: CardBatchOut, **ERRORS})
def get_card_batch(request, batch_id: int):
    return _batch(request, batch_id)


def _file(body: bytes, content_type: str, filename: str, disposition: str = "inline") -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@router.get("/card-batches/{batch_id}/pdf", response={200: None, **ERRORS}, summary="The batch's printable PDF")
def card_batch_pdf(request, batch_id: int):
    batch = _batch(request, batch_id)
    return _file(services.render_batch_pdf(batch), "application/pdf", services.pdf_filename(batch), "attachment")


@router.get("/card-batches/{batch_id}/qr.png", response={200: None, **ERRORS}, summary="The batch's QR code as PNG")
def card_batch_png(request, batch_id: int):
    batch = _batch(request, batch_id)
    return _file(services.batch_qr_png(batch), "image/png", f"qr-{batch.code}.png")


@router.get("/card-batches/{batch_id}/qr.svg", response={200: None, **ERRORS}, summary="The batch's QR code as SVG")
def card_batch_svg(request, batch_id: int):
    batch = _batch(request, batch_id)
    return _file(services.batch_qr_svg(batch), "image/svg+xml", f"qr-{batch.code}.svg")
