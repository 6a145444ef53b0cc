"""Which language an attendee-facing page speaks: one chain for every public page, email and kiosk.

1. `?lang=` on the address (a link, a QR code, the language switcher);
2. a choice the attendee made before: a sign-up keeps its `language`; a help page keeps the
   choice in its URL (help pages set no cookie);
3. the browser's `Accept-Language`;
4. the first language of the venue's (or help page's) country;
5. English.

`AttendeeLanguageMiddleware` applies steps 1, 3 and 5 to every request; a view that knows more (a
sign-up, a venue) calls `activate_for()` with what it knows, so the whole chain is in this file.

A page only claims a language it can speak: the schedule, activation, sign-up and error pages
choose among English and the languages with a compiled catalog in `LOCALE_PATHS`
(`page_languages()`), so `<html lang>` never says Arabic over English text. The help pages have
their own catalogs in all of `LANGUAGES` and choose among them all.
"""

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

FALLBACK = "en"
RTL_LANGUAGES = frozenset({"ar"})


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def page_languages() -> tuple[str, ...]:
    """English and each language of `LANGUAGES` with a compiled catalog for the attendee pages."""
    return _with_catalogs(tuple(str(path) for path in settings.LOCALE_PATHS), tuple(codes()))


@lru_cache(maxsize=8)
def _with_catalogs(paths: tuple[str, ...], languages: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        code
        for code in languages
        if code == FALLBACK or any((Path(path) / code / "LC_MESSAGES" / "django.mo").is_file() for path in paths)
    )


def supported(code: str | None, among=None) -> str | None:
    """The language we speak for a BCP 47 tag (“pt-BR” → “pt”, “ar_EG” → “ar”), or None.

    `among`: the languages to choose from (default: all of `LANGUAGES`)."""
    if not code or not isinstance(code, str) or len(code) > 35:
        return None
    code = code.strip().lower().replace("_", "-")
    known = codes() if among is None else among
    if code in known:
        return code
    base = code.split("-")[0]
    return base if base in known else None


@lru_cache(maxsize=512)
def country_languages(country: str) -> tuple[str, ...]:
    """The languages of an ISO 3166 country, most spoken first, from CLDR (babel)."""
    from babel.languages import get_official_languages

    if not country:
        return ()
    try:
        return tuple(get_official_languages(country.upper(), de_facto=True))
    except Exception:  # babel raises on territories it does not know
        return ()


def choose_language(
    request=None, *, preferred: str | None = None, country: str | None = None, country_langs=(), among=None
) -> str:
    """The chain above: the first step that names a language we speak (`among` them) wins."""
    steps = []
    if request is not None:
        steps.append(request.GET.get("lang"))
    steps.append(preferred)
    if request is not None:
        accepted = parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:500])
        steps.extend(code for code, _q in accepted if code != "*")
    steps.extend((*country_langs, *country_languages(country or "")))
    for step in steps:
        if chosen := supported(step, among):
            return chosen
    return FALLBACK


def explicit_choice(request) -> str | None:
    """The language the attendee picked on the address (?lang=), to carry on in links (the help pages
    speak all of `LANGUAGES`, even where this page cannot yet); else None."""
    return supported(request.GET.get("lang")) if request is not None else None


def activate_for(request, **known) -> str:
    """Run the chain for an attendee page with what the view knows (`preferred=`, `country=`) and speak the result."""
    language = choose_language(request, among=page_languages(), **known)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def is_rtl(language: str | None) -> bool:
    return (language or "").split("-")[0] in RTL_LANGUAGES


class AttendeeLanguageMiddleware:
    """Replaces Django's LocaleMiddleware: no cookie, no session, no URL prefix; the chain above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        activate_for(request)
        try:
            response = self.get_response(request)
            language = translation.get_language() or FALLBACK
        finally:
            translation.deactivate()
        # Only set when the view did not say otherwise (the help pages set their own).
        response.headers.setdefault("Content-Language", language)
        if not request.path.startswith(("/static/", "/api/")):
            patch_vary_headers(response, ("Accept-Language",))
        return response


def page_context(request):
    """Template context for every page: `<html lang>` and `dir` from one place, and the switcher's links."""
    language = translation.get_language() or FALLBACK
    query = request.GET.copy() if request is not None else {}
    links = []
    spoken = page_languages()
    for code, name in settings.LANGUAGES:
        if code not in spoken:
            continue
        query["lang"] = code
        links.append({"code": code, "name": name, "url": "?" + urlencode(query, doseq=True), "current": code == language})
    chosen = explicit_choice(request)
    return {
        "LANG": language,
        "LANG_DIR": "rtl" if is_rtl(language) else "ltr",
        "language_links": links,
        # carried on in forms and links when the attendee picked a language on the address
        "lang_query": f"?lang={chosen}" if chosen else "",
    }
