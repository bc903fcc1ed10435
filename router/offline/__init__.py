"""Offline evaluation: run the real engine over recorded outcome data."""
