"""Rendering a panel report: figures snapshot -> HTML (Django template) -> PDF (WeasyPrint)."""
