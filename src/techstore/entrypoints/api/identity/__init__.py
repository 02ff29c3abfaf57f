"""Auth, me and users endpoints."""
