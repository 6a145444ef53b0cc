"""The kiosk's own rules: pairing a tablet to an activation, revoking it, and its staff PIN."""
