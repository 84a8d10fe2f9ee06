"""The service navigation: one list per role, so every page shows the same menu.

Apps above the ground floor add their sections by URL name. A renamed or missing
URL fails loudly (NoReverseMatch) on every page, rather than dropping a link.
"""

from django.urls import reverse

from . import access

STAFF_SECTIONS = [
    ("Home", "home"),
    ("Compliance", "reporting:compliance"),
    ("Grants", "grants:grant_list"),
    ("Match funding", "grants:contribution_list"),
    ("SVD", "svd:allocation_list"),
    ("Interventions", "interventions:intervention_list"),
    ("Returns", "svd:reporting_rate"),
    ("Panel reports", "reporting:report_list"),
    ("Open data", "open_data:index"),
    ("Audit trail", "audit"),
]
COORDINATOR_SECTIONS = [
    ("Home", "home"),
    ("Returns", "svd:return_list"),
    ("SVD shares", "svd:my_shares"),
    ("Interventions", "interventions:intervention_list"),
    ("Panel reports", "reporting:report_list"),
]
PANEL_SECTIONS = [
    ("Home", "home"),
    ("Panel reports", "reporting:report_list"),
]


def navigation_for(user, path):
    if access.is_vrp_staff(user):
        sections = STAFF_SECTIONS
    elif access.is_coordinator(user):
        sections = COORDINATOR_SECTIONS
    else:
        sections = PANEL_SECTIONS
    items = []
    for label, name in sections:
        url = reverse(name)
        active = path == url if name == "home" else path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return items
