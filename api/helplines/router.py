"""Crisis lines for a country: the same vetted lines, in the same order, as /help/<CC>/."""

from typing import Annotated

from django.conf import settings
from django.utils import timezone
from django.utils.translation import override
from ninja import Router
from pydantic import Field

from api.helplines.schemas import ErrorOut, HelplinesOut
from core.language import FALLBACK, supported
from helplines.models import Channel
from helplines.services.directory import INTERNATIONAL_DIRECTORY_URL, directory_for, text_instruction

router = Router(tags=["crisis lines"])


def _line(line, language, main_ids, today):
    return {
        "id": line.pk,
        "name": line.name_in(language),
        "local_name": line.local_name,
        "section": line.section,
        "main": line.pk in main_ids,
        "group": line.group,
        "hours_24_7": line.hours_24_7,
        "hours": line.hours,
        "languages": line.languages,
        "audiences": line.audiences,
        "free": line.free,
        "confidential": line.confidential,
        "cost": line.cost,
        "eligibility": line.eligibility,
        "verified_on": line.verified_on,
        "due_for_recheck": line.due_for_recheck(today),
        "channels": [
            {
                "kind": c.kind,
                "dial": c.dial,
                "e164": c.e164,
                "short_code": c.short_code,
                "sms_keyword": c.sms_keyword,
                "after_dialing": c.after_dialing,
                "href": c.href,
                "hours": c.hours,
                "text": text_instruction(c) if c.kind == Channel.Kind.SMS else None,
            }
            for c in line.channels.all()
        ],
    }


@router.get(
    "/helplines",
    response={200: HelplinesOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="A country's emergency numbers and vetted crisis lines",
)
def helplines(
    request,
    country: Annotated[str, Field(min_length=1, max_length=35, examples=["GB"])],
    lang: Annotated[str, Field(min_length=1, max_length=35, examples=["en"])] = "en",
):
    """Only vetted lines, in display order; `main` marks the big call button(s). `lang` picks the
    language of names and text instructions (unsupported languages fall back to English)."""
    language = supported(lang) or FALLBACK
    today = timezone.localdate()
    with override(language):
        directory = directory_for(country)
        main_ids = {line.pk for line in directory.main_lines}
        return {
            "country": directory.country,
            "name": directory.name,
            "language": language,
            "emergency": directory.emergency,
            "lines": [_line(l, language, main_ids, today) for l in directory.crisis_lines],
            "music_industry": [_line(l, language, main_ids, today) for l in directory.music_lines],
            "checked_on": directory.checked_on,
            "help_url": f"{settings.SITE_URL}/help/{directory.country}/?lang={language}",
            "international_directory": INTERNATIONAL_DIRECTORY_URL,
        }
