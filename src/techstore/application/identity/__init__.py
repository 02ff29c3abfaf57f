"""Identity use cases: login, tokens, users."""
