"""ISO 3166-1 countries: which two-letter codes are countries, and their names."""

from functools import lru_cache

import pycountry


@lru_cache(maxsize=None)
def _codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def is_country_code(code: str) -> bool:
    return isinstance(code, str) and code.upper() in _codes()


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code.upper()
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=64)
def _country_catalog(language: str):
    import gettext

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None


def country_name_in(code: str, language: str | None = None) -> str:
    """The country's name in `language` (the active language by default), from pycountry's catalogs."""
    from django.utils.translation import get_language

    english = country_name(code)
    language = (language or get_language() or "en").split("-")[0]
    if language == "en":
        return english
    catalog = _country_catalog(language)
    return catalog.gettext(english) if catalog else english
