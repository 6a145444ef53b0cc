"""Welfare services: the only code that writes visits, on-call lists and alerts."""
