"""The service navigation: one list per role, so every page shows the same menu.

Apps above the ground floor add their sections by URL name. A renamed or missing
URL fails loudly (NoReverseMatch) on every page, rather than dropping a link.
"""

from django.urls import Resolver404, resolve, reverse

from . import access

# Staff have the most sections: on one row at 1280 px, so home is the service
# name's link (left of the menu) and open data is reached from the compliance page.
STAFF_SECTIONS = [
    ("Compliance", "reporting:compliance"),
    ("Grants", "grants:grant_list"),
    ("Match funding", "grants:contribution_list"),
    ("SVD", "svd:allocation_list"),
    ("Interventions", "interventions:intervention_list"),
    ("Returns", "svd:return_list"),
    ("Reports", "reporting:report_list"),
    ("Audit", "audit"),
]
COORDINATOR_SECTIONS = [
    ("Home", "home"),
    ("Returns", "svd:return_list"),
    ("SVD shares", "svd:my_shares"),
    ("Interventions", "interventions:intervention_list"),
    ("Reports", "reporting:report_list"),
]
PANEL_SECTIONS = [
    ("Home", "home"),
    ("Reports", "reporting:report_list"),
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


def back_link_for(path, items):
    """The page one level up, for the back link at the top of every page: the
    nearest shorter path that is a page (/svd/returns/18/annex-a/ goes back to
    /svd/returns/18/). None on the home page and on a menu section's own page,
    whose way back is the menu."""
    if path == "/" or any(item["url"] == path for item in items):
        return None
    parts = [part for part in path.split("/") if part]
    while parts:
        parts.pop()
        parent = "/" + "".join(f"{part}/" for part in parts)
        try:
            resolve(parent)
        except Resolver404:
            continue
        return parent
    return None
