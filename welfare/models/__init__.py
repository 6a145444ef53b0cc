"""Welfare models: visits (counts only) and the escalation chain (on-call list, alerts, who was told, audit)."""

from welfare.models.escalation import Alert, AlertEvent, AlertNotice, OnCallContact, OnCallSettings
from welfare.models.visits import CATEGORIES, OUTCOMES, WelfareVisit

__all__ = ["Alert", "AlertEvent", "AlertNotice", "CATEGORIES", "OUTCOMES", "OnCallContact", "OnCallSettings", "WelfareVisit"]
