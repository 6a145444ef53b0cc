"""The schedule: organizations, venues, activations and their bookable sessions."""

from .organizations import Membership, Organization
from .schedule import Activation, Session
from .venues import Venue

__all__ = ["Activation", "Membership", "Organization", "Session", "Venue"]
