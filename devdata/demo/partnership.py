"""West Yorkshire as the April 2025 panel update describes it: the demo partnership.

What the report states is used as stated. What it does not give is invented and
marked so here and in docs/demo-data.md: district codes are the real ONS codes;
the list of SVD recipients beyond the kinds the Duty names, and every
provider, are invented for the demo.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction

from partnership.models import District, Organisation, OrganisationKind, Partnership, Role, User
from partnership.services import financial_year_ensure, part_year_period_ensure

PARTNERSHIP = {
    "name": "West Yorkshire Violence Reduction Partnership",
    "short_name": "WY VRP",
    "area_name": "West Yorkshire",
    "contact_email": "VRP@westyorks-ca.gov.uk",
    "reports_to": "Police and Crime Panel",
    "meeting_name": "panel",
    "member_title": "Police and Crime Panel member",
}

# (name, ONS code, the local authority's 360Giving id)
DISTRICTS = [
    ("Bradford", "E08000032", "GB-LAE-BRD"),
    ("Calderdale", "E08000033", "GB-LAE-CLD"),
    ("Kirklees", "E08000034", "GB-LAE-KIR"),
    ("Leeds", "E08000035", "GB-LAE-LDS"),
    ("Wakefield", "E08000036", "GB-LAE-WKF"),
]
PARTNERSHIP_WIDE = "West Yorkshire (partnership-wide)"

# (ref, name, kind, district name or None for partnership-wide)
PARTNERSHIP_WIDE_ORGANISATIONS = [
    ("home-office", "Home Office", OrganisationKind.FUNDER),
    ("wy-vrp", "West Yorkshire Violence Reduction Partnership", OrganisationKind.VRP),
    ("wy-police", "West Yorkshire Police", OrganisationKind.POLICE),
    ("probation-yh", "Probation Service Yorkshire and the Humber", OrganisationKind.PROBATION),
    ("wy-fire", "West Yorkshire Fire and Rescue Service", OrganisationKind.FIRE_AND_RESCUE),
    ("wy-icb", "NHS West Yorkshire Integrated Care Board", OrganisationKind.INTEGRATED_CARE_BOARD),
]

DEMO_USERNAMES = ["vrp-staff"] + [f"csp-{name.lower()}" for name, _, _ in DISTRICTS] + ["panel-member", "admin"]


def csp_ref(district_name):
    return f"csp-{district_name.lower()}"


@transaction.atomic
def load():
    ensure(Partnership, pk=1, defaults=PARTNERSHIP)
    wide, _ = ensure(
        District, name=PARTNERSHIP_WIDE, defaults={"is_partnership_wide": True, "position": 99, "code": "E11000006"}
    )
    for ref, name, kind in PARTNERSHIP_WIDE_ORGANISATIONS:
        ensure(Organisation, ref=ref, defaults={"name": name, "kind": kind, "district": wide})
    for position, (name, code, lae_id) in enumerate(DISTRICTS, start=1):
        district, _ = ensure(District, name=name, defaults={"code": code, "position": position})
        ensure(
            Organisation,
            ref=csp_ref(name),
            defaults={
                "name": f"{_csp_name(name)}",
                "kind": OrganisationKind.COMMUNITY_SAFETY_PARTNERSHIP,
                "district": district,
            },
        )
        ensure(
            Organisation,
            ref=f"council-{name.lower()}",
            defaults={
                "name": f"{name} Council",
                "kind": OrganisationKind.LOCAL_AUTHORITY,
                "district": district,
                "org_id_360": lae_id,
            },
        )
        ensure(
            Organisation,
            ref=f"yjs-{name.lower()}",
            defaults={
                "name": f"{name} Youth Justice Service",
                "kind": OrganisationKind.YOUTH_JUSTICE_SERVICE,
                "district": district,
            },
        )
    for start_year in range(2021, 2027):
        financial_year_ensure(start_year=start_year)
    from datetime import date

    part_year_period_ensure(starts_on=date(2023, 1, 1), ends_on=date(2023, 3, 31))
    _users()


def _csp_name(district_name):
    # The real partnerships' names: Safer Kirklees is named in the report.
    return {
        "Bradford": "Bradford Community Safety Partnership",
        "Calderdale": "Safer Stronger Calderdale Partnership",
        "Kirklees": "Safer Kirklees",
        "Leeds": "Safer Leeds",
        "Wakefield": "Wakefield District Community Safety Partnership",
    }[district_name]


def demo_password():
    """DEMO_PASSWORD, or one generated once and kept under var/ so reloading
    the demo changes nothing and the printed logins stay true."""
    from_env = os.environ.get("DEMO_PASSWORD")
    if from_env:
        return from_env
    path = Path(settings.BASE_DIR) / "var" / "demo-password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
    return path.read_text().strip()


def _users():
    password = demo_password()
    specs = [("vrp-staff", Role.VRP_STAFF, None, "Vicky", "Staff")]
    specs += [(f"csp-{n.lower()}", Role.CSP_COORDINATOR, csp_ref(n), n, "Coordinator") for n, _, _ in DISTRICTS]
    specs += [("panel-member", Role.PANEL_MEMBER, None, "Pat", "Panel"), ("admin", Role.ADMIN, None, "Ada", "Admin")]
    for username, role, csp, first, last in specs:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.invalid",
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
            },
        )
        if created and csp:
            user.csps.set([Organisation.objects.get(ref=csp)])
        if created:
            user.set_password(password)
            user.save()


def users_keeping_their_password() -> list[str]:
    """Demo usernames whose password is not the demo password: an existing user's
    password is theirs, and loading the demo never changes it."""
    password = demo_password()
    return [
        user.username for user in User.objects.filter(username__in=DEMO_USERNAMES) if not user.check_password(password)
    ]


def ensure(model, defaults=None, **lookup):
    """Like update_or_create, but saves only when a value differs, so loading the
    demo again writes nothing (and adds no history)."""
    defaults = defaults or {}
    try:
        obj = model.objects.get(**lookup)
    except model.DoesNotExist:
        return model.objects.create(**lookup, **defaults), True
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.save()
    return obj, False
