"""Value objects and errors every context shares: money, ids, the clock."""
