"""Card batches: what may be printed, and printing it. The API, the admin and `print_cards` call these.

Rules (SPEC, "Rules that must hold"): only vetted lines print (the directory answers no other);
a country with no vetted line is refused, never printed empty; lines due for re-check that would
print are refused with `stale_lines` unless the request allows them, and then the batch keeps
the warnings. The check runs again whenever a batch's PDF is made, since the directory may have
changed since the batch was created.
"""

from __future__ import annotations

from ipaddress import ip_address
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from core.actors import Actor
from activations.scoping import activations_for
from core.errors import Conflict, GreenroomError, NotFound
from core.countries import country_name, is_country_code
from helplines.languages import CODES as HELP_LANGUAGE_CODES
from helplines.printable import PrintableDirectory, PrintableLine
from helplines.services.directory import printable_directory
from printables import pdf, qr
from printables.layouts import LAYOUTS
from printables.models import CardBatch, new_code
from printables.press import PROFILES

MAX_COUNT = 10_000
LANGUAGE_CODES = tuple(HELP_LANGUAGE_CODES)  # every language a help page speaks prints


class Invalid(GreenroomError):
    status = 422
    code = "invalid"


def _url_for(code: str) -> str:
    return f"{settings.SITE_URL}/h/{code}"


def site_url_problem(site_url: str | None = None) -> str | None:
    """Why SITE_URL is no address to print on a card (loopback, or not HTTPS), or None when it is fine."""
    site_url = settings.SITE_URL if site_url is None else site_url
    parts = urlsplit(site_url)
    host = (parts.hostname or "").lower()
    try:
        loopback = ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost" or host.endswith(".localhost")
    if loopback or not host:
        return f"SITE_URL is {site_url}, an address only this computer can open"
    if parts.scheme != "https":
        return f"SITE_URL is {site_url}, which is not HTTPS"
    return None


def refuse_unless_site_url_public():
    """With DEBUG=0 a batch is never made for an address a phone cannot open (SPEC: site_url_not_public)."""
    problem = site_url_problem()
    if problem and not settings.DEBUG:
        raise Conflict(
            f"{problem}: the QR codes on these cards would not open on anyone's phone. "
            "Set SITE_URL to the site's public HTTPS address (e.g. SITE_URL=https://wellness.example.org) "
            "and restart, then create the batch.",
            code="site_url_not_public",
        )


def _line_summary(line: PrintableLine) -> dict:
    return {
        "line_id": line.line_id,
        "name": line.name,
        "dial": line.dial,
        "verified_on": line.verified_on.isoformat() if line.verified_on else None,
    }


def directory_for_print(country: str, language: str) -> PrintableDirectory:
    """The vetted lines for a card, or a clear refusal when there are none."""
    directory = printable_directory(country, language)
    if not directory.lines:
        raise Conflict(
            f"{country_name(country)} ({country}) has no vetted crisis line, so no card is printed: "
            "a card must never go out with only an emergency number or nothing at all. "
            "Vet a line for this country first.",
            code="no_vetted_lines",
        )
    return directory


def stale_lines_that_print(directory: PrintableDirectory, layout: str, code: str = "x" * 7) -> list[PrintableLine]:
    try:
        printed = pdf.lines_that_print(directory, _url_for(code), layout)
    except pdf.DoesNotFit as exc:
        raise Invalid(str(exc), code="does_not_fit") from exc
    return [line for line in printed if line.due_for_recheck]


API_ALLOW_STALE = "print anyway with allow_stale"


def stale_lines_message(lines: list[dict], how_to_allow: str = API_ALLOW_STALE) -> str:
    """The refusal for lines due for re-check (`_line_summary` dicts); `how_to_allow` names the door's own switch."""
    names = "; ".join(f"{line['name']} ({line['dial']})" for line in lines)
    return (
        f"{len(lines)} line(s) on this card are due for re-check (last verified over 365 days ago, "
        f"or never): {names}. Re-verify them, or {how_to_allow}."
    )


def refuse_stale(country: str, stale: list[PrintableLine]):
    lines = [_line_summary(line) for line in stale]
    raise Conflict(stale_lines_message(lines), code="stale_lines", lines=lines)


def check_preview(directory: PrintableDirectory, layout: str, allow_stale: bool) -> None:
    """A preview shows what would print, so it is refused exactly when printing would be: lines
    due for re-check, unless the organizer chose to print them anyway."""
    stale = stale_lines_that_print(directory, layout)
    if stale and not allow_stale:
        refuse_stale(directory.country, stale)


def _validate(country, language, layout, count, profile="office"):
    country = (country or "").strip().upper()
    if not is_country_code(country):
        raise Invalid(f"'{country}' is not an ISO 3166-1 alpha-2 country code.", code="invalid_country")
    language = (language or "").strip().lower()
    if language not in LANGUAGE_CODES:
        raise Invalid(
            f"Cards are printed in {', '.join(LANGUAGE_CODES)}; '{language}' is not one of them.",
            code="invalid_language",
        )
    if layout not in LAYOUTS:
        raise Invalid(f"Unknown layout '{layout}'; choose one of {', '.join(LAYOUTS)}.", code="invalid_layout")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise Invalid(f"count must be a whole number from 1 to {MAX_COUNT}.", code="invalid_count")
    if profile not in PROFILES:
        raise Invalid(f"Unknown print profile '{profile}'; choose one of {', '.join(PROFILES)}.", code="invalid_profile")
    return country, language


def _organization_for(actor: Actor | None, activation, organization_id):
    if activation is not None:
        return activation.organization
    if actor is None:  # the command line: an operator of this installation
        if organization_id is None:
            return None
        from activations.models import Organization

        return Organization.objects.filter(pk=organization_id).first() or _no_such_organization()
    allowed = actor.organization_ids
    if organization_id is not None:
        if organization_id not in allowed and not actor.is_superuser:
            _no_such_organization()
        from activations.models import Organization

        return Organization.objects.filter(pk=organization_id).first() or _no_such_organization()
    if len(allowed) == 1:
        from activations.models import Organization

        return Organization.objects.get(pk=next(iter(allowed)))
    raise Invalid(
        "You belong to several organizations: say which one this batch is for (activation or organization).",
        code="organization_required",
    )


def _no_such_organization():
    raise NotFound("No such organization.")


@transaction.atomic
def create_batch(
    actor: Actor | None,
    *,
    country: str,
    language: str,
    layout: str,
    count: int,
    activation_id: int | None = None,
    organization_id: int | None = None,
    allow_stale: bool = False,
    bleed: bool = False,
    profile: str = "office",
) -> CardBatch:
    """Record a print run after checking what it would print. `actor=None` is the command line."""
    country, language = _validate(country, language, layout, count, profile)
    refuse_unless_site_url_public()
    activation = None
    if activation_id is not None:
        from activations.models import Activation

        qs = Activation.objects.all() if actor is None else activations_for(actor)
        if actor is not None and not actor.is_organizer:
            qs = qs.none()
        activation = qs.select_related("organization").filter(pk=activation_id).first()
        if activation is None:
            raise NotFound("No such activation.")
    organization = _organization_for(actor, activation, organization_id)

    directory = directory_for_print(country, language)
    code = new_code()
    while CardBatch.objects.filter(code=code).exists():
        code = new_code()
    stale = stale_lines_that_print(directory, layout, code)
    if stale and not allow_stale:
        refuse_stale(country, stale)
    warnings = [
        {
            "code": "stale_line",
            **_line_summary(line),
            "message": f"{line.name} ({line.dial}) was printed although it is due for re-check.",
        }
        for line in stale
    ]
    batch = CardBatch(
        country=country,
        language=language,
        layout=layout,
        count=count,
        activation=activation,
        organization=organization,
        created_by=actor.user if actor is not None else None,
        allow_stale=allow_stale,
        bleed=bleed,
        profile=profile,
        warnings=warnings,
    )
    batch.code = code
    batch.save()
    return batch


def render_batch_pdf(batch: CardBatch) -> bytes:
    """The batch's PDF from today's directory (a corrected number prints corrected)."""
    directory = directory_for_print(batch.country, batch.language)
    stale = stale_lines_that_print(directory, batch.layout, batch.code)
    if stale and not batch.allow_stale:
        refuse_stale(batch.country, stale)
    title = f"Crisis cards {batch.country}/{batch.language} — {batch.code}"
    return pdf.render(
        directory, batch.short_url, batch.layout, batch.count, bleed=batch.bleed, profile=batch.profile, title=title
    )


def batch_qr_png(batch: CardBatch, box_size: int = 20) -> bytes:
    return qr.png(batch.short_url, box_size=box_size)


def batch_qr_svg(batch: CardBatch) -> bytes:
    return qr.svg(batch.short_url)


def pdf_filename(batch: CardBatch) -> str:
    suffix = "-pdfx4" if batch.profile == "press" else ""
    return f"crisis-cards-{batch.country}-{batch.language}-{batch.layout}-{batch.code}{suffix}.pdf"
