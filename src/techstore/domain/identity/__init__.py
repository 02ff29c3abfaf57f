"""Users, roles and the rules of access."""
