"""The crisis-line directory: countries, their lines and contact channels, and what happened to them."""
from .directory import Channel, Country, CrisisLine
from .records import LineChange, WrongNumberReport

__all__ = ["Channel", "Country", "CrisisLine", "LineChange", "WrongNumberReport"]
