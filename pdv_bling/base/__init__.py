"""Foundations every floor may use: per-user paths, logging with its secret filter, the event bus, an in-memory keyring backend."""
