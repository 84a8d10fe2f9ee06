"""Quarterly returns: validation rules, workflow services, selectors, the XLSX
round trip and reminders. Each module is one concern."""
