"""Renderers: each takes a checked Bank and returns {relative path: bytes}; none writes files."""
