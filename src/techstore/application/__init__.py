"""Use cases, one per operation, written against ports."""
