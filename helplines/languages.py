"""Which language a help page speaks: ?lang=, then the browser's Accept-Language, then the
country's first language we have, then English. Help pages also speak Arabic (right-to-left)."""

from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation.trans_real import parse_accept_lang_header

HELP_LANGUAGES: list[tuple[str, str]] = [*settings.LANGUAGES, ("ar", "العربية")]
CODES = [code for code, _ in HELP_LANGUAGES]
FALLBACK = "en"


def supported(code: str | None) -> str | None:
    """The help-page language for a BCP 47 tag (“pt-BR” → “pt”), or None."""
    if not code or len(code) > 35:
        return None
    code = code.strip().lower().replace("_", "-")
    if code in CODES:
        return code
    base = code.split("-")[0]
    return base if base in CODES else None


def choose_language(request, country_languages=(), preferred: str | None = None) -> str:
    asked = supported(request.GET.get("lang"))
    if asked:
        return asked
    if supported(preferred):
        return supported(preferred)
    for code, _q in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:500]):
        if code != "*" and supported(code):
            return supported(code)
    for code in country_languages:
        if supported(code):
            return supported(code)
    return FALLBACK


def language_names(codes) -> list[tuple[str, str]]:
    """Each language named in itself (“Deutsch”, “日本語”), for the lines' language lists."""
    names = []
    for code in codes:
        try:
            names.append((code, get_language_info(code)["name_local"]))
        except KeyError:
            try:
                names.append((code, get_language_info(code.split("-")[0])["name_local"]))
            except KeyError:
                names.append((code, code))
    # zh and zh-HK both say 中文: name each once
    seen, unique = set(), []
    for code, name in names:
        if name not in seen:
            seen.add(name)
            unique.append((code, name))
    return unique
