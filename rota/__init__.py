"""The booth rota: volunteers, their training, shifts at an activation and who works which shift."""
