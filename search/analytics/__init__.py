"""Search analytics that keep topics, queries and outcomes, and nothing about the caller."""
