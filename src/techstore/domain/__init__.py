"""Pure business core: entities, value objects and rules. No I/O, no frameworks."""
