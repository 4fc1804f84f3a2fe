"""One checker module per claim topic."""
