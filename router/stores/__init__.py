"""Shared state: the one Redis client, the response cache, reload notices."""
