"""Venues, activations, their bookable sessions, and the organizations that own them."""
from .organizations import Membership, Organization
from .schedule import Activation, Session
from .signups import SignUp
from .venues import Venue

__all__ = ["Activation", "Membership", "Organization", "Session", "SignUp", "Venue"]
