"""Wording that belongs to one partnership or its governance, read from the
Partnership row, never written into code or templates (issue 13).

Until a partnership is set up, neutral words stand in.
"""

from .models import Partnership, Role

NEUTRAL = {
    "reports_to": "reporting body",
    "meeting_name": "",
    "member_title": "Member of the reporting body",
    "area_name": "the area",
}


def wording(partnership: Partnership | None) -> dict:
    """The partnership's own words for its reporting body, meetings, members and area."""
    if partnership is None:
        return dict(NEUTRAL)
    return {name: getattr(partnership, name) or fallback for name, fallback in NEUTRAL.items()}


def role_name(user, partnership: Partnership | None) -> str:
    """The role as this partnership names it ('Police and Crime Committee member')."""
    if user.role == Role.PANEL_MEMBER:
        return wording(partnership)["member_title"]
    return user.get_role_display()
