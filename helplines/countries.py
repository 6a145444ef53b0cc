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
