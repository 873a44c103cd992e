"""The version: the one source (pyproject reads it; reports and the cache key name it)."""

__version__ = "0.1.0"
