"""The crisis-line directory: countries, their lines and contact channels, and what happened to them."""

from .directory import Channel, Country, CrisisLine
from .records import DueNotice, LineChange, SourceCheck, Verification, WrongNumberReport
from .page_views import HelpPageView

__all__ = [
    "Channel",
    "Country",
    "DueNotice",
    "CrisisLine",
    "HelpPageView",
    "LineChange",
    "SourceCheck",
    "Verification",
    "WrongNumberReport",
]
