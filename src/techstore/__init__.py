"""TechStore: point of sale, repairs and customer accounts for a small technology store."""
