"""Fixtures shared across test folders, registered in tests/conftest.py's
pytest_plugins (never imported by name)."""
