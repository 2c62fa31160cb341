"""Account, token, basket and profile logic; the API views stay thin."""
