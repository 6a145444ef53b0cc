"""The help pages' languages: the site's eleven (Arabic right-to-left included), chosen by the one
chain in core/language.py (?lang=, then the card's or the reader's choice, then Accept-Language, then
the country's languages as the directory lists them, then English)."""

from django.conf import settings
from django.utils.translation import get_language_info

from core import language as chain

HELP_LANGUAGES: list[tuple[str, str]] = list(settings.LANGUAGES)
CODES = [code for code, _ in HELP_LANGUAGES]


def choose_language(request, country_languages=(), preferred: str | None = None, country: str | None = None) -> str:
    """The chain, with the directory's own list of the country's languages first in step 4, then CLDR's."""
    return chain.choose_language(request, preferred=preferred, country=country, country_langs=tuple(country_languages))


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
