"""Venues, activations, their bookable sessions, and the organizations that own them."""
from .inventory import KitType, StockLevel, StockLocation, StockMovement
from .organizations import Membership, Organization
from .schedule import Activation, Session
from .signups import SignUp
from .venues import Venue
from .calendar_feeds import CalendarFeed, CalendarRemoval  # noqa: F401

__all__ = ["Activation", "Membership", "Organization", "Session", "SignUp", "Venue"]
__all__ += ["KitType", "StockLevel", "StockLocation", "StockMovement"]
