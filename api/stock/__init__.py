"""Self-care-kit stock in the API."""
