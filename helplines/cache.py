"""A version number for the directory, bumped on every change, so cached help pages never outlive it.

The cache is per process unless REDIS_URL is set; cached pages also expire after PAGE_TTL seconds,
so a correction made in one worker reaches the others within that time.
"""

from django.core.cache import cache

VERSION_KEY = "helplines:directory-version"
PAGE_TTL = 60


def directory_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def directory_changed() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)
