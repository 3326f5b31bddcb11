"""Hostile and broken inputs, built at test time (issue 12)."""
