"""The rota's models: one subject per module."""

from .policy import RotaPolicy
from .shifts import Assignment, Shift
from .volunteers import Training, Volunteer

__all__ = ["Assignment", "RotaPolicy", "Shift", "Training", "Volunteer"]
