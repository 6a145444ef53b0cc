"""The crisis-line directory: countries, their lines and contact channels, and what happened to them."""
from .directory import Channel, Country, CrisisLine
from .records import LineChange, SourceCheck, Verification, WrongNumberReport
from .page_views import HelpPageView

__all__ = ["Channel", "Country", "CrisisLine", "HelpPageView", "LineChange", "SourceCheck", "Verification", "WrongNumberReport"]
