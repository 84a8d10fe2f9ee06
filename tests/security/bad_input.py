"""A harness that feeds a form arbitrary input through its page and checks how
the portal refuses it.

    check_form_refuses_bad_input(client=..., url=..., fields=[...], models=[...])

For every generated submission (arbitrary text, numbers as text, Unicode, very
long strings, control characters, markup, formula-looking text, fields left
out) it asserts:

* no server error (no 5xx, no exception);
* a refused submission (the page shown again, 200/400/422/429) names what is
  wrong on a field: the form's errors are keyed by field names (a form whose
  refusal must not say which field, such as sign-in, passes allow_non_field);
* nothing is saved when refused: the row counts of `models` do not change, nor
  does whatever `unchanged()` returns (for forms that update rows in place).

A submission the form accepts (a redirect) is allowed: random input is
sometimes valid.

`fixed` holds fields sent with every submission; it may be a callable, called
for each one (a form that needs the current version of what it edits).
Pages that are not Django forms (the returns' Annex A and B) show their errors
as `problems` in the context, each on one line's field: `<annex>-<line id>-<field>`.

The number of examples comes from a Hypothesis profile chosen by the
environment: "forms-ci" (CI=true) runs 200 per form, "forms-dev" runs 30.
The profiles are used by this harness only; other tests keep their own settings.
"""

import os
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile("forms-ci", max_examples=200, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("forms-dev", max_examples=30, deadline=None, suppress_health_check=_QUIET)


def profile_name():
    """The profile in force: read from the environment at each call, so the suite
    and a test agree on what CI=true means."""
    return "forms-ci" if os.environ.get("CI") == "true" else "forms-dev"


MISSING = object()
REFUSED = (200, 400, 422, 429)

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "-0.01",
    "1e309",
    "NaN",
    "Infinity",
    "1,000,000.00",
    "£1,234.56",
    "0.001",
    "99999999999999.99",
    "100000000000000",
    "12.345",
    "1/2",
    "2025-02-30",
    "31/12/2025",
    "0000-00-00",
    "=1+1",
    "@SUM(A1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "Robert'); DROP TABLE grants_grant;--",
    "\u202egnp.exe",
    "👩🏽‍💻",
    "Zoë Ñoño",
    "\u0000",
    "\ufeff",
    "null",
    "None",
    "true",
]

values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=2000),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.just("x" * 100_000),
)


# A browser always sends the CSRF token with a form, so a POST is never empty.
# (Views written `Form(request.POST or None)` treat an empty POST as a GET.)
BROWSER_FIELDS = {"csrfmiddlewaretoken": "sent-by-every-browser"}


def submissions(fields, fixed=None):
    """Dicts of field -> value, each field possibly left out."""
    per_field = {name: st.one_of(st.just(MISSING), values) for name in fields}
    constant = {} if fixed is None or callable(fixed) else fixed
    return st.fixed_dictionaries(per_field).map(
        lambda data: {**BROWSER_FIELDS, **{k: v for k, v in data.items() if v is not MISSING}, **constant}
    )


def _counts(models):
    return {model._meta.label: model._default_manager.count() for model in models}


def _form_errors(response):
    """Every error on the page's form and formsets, keyed by the posted field name."""
    context = response.context
    if context is None:
        return None
    merged = {}
    for key in ("form", "formset", "breakdowns"):
        if key not in context:
            continue
        form = context[key]
        if hasattr(form, "forms"):  # a formset: each row's errors under its prefixed names
            for row in form.forms:
                merged.update(
                    {row.add_prefix(name) if name != "__all__" else "__all__": e for name, e in row.errors.items()}
                )
            if form.non_form_errors():
                merged["__all__"] = form.non_form_errors()
        else:
            merged.update(form.errors)
    for problem in context.get("problems") or []:  # the returns' annex pages
        merged[f"{problem.annex}-{problem.line_id}-{problem.field}"] = problem.text
    return merged


def check_form_refuses_bad_input(
    *, client, url, fields, models, fixed=None, allow_non_field=False, examples=None, unchanged=None
):
    """Runs the Hypothesis search for one form; see the module docstring."""
    fields = list(fields)
    profile = settings.get_profile(profile_name())
    run_settings = settings(profile, max_examples=examples) if examples else settings(profile)

    @run_settings
    @given(data=submissions(fields, fixed))
    def submit(data):
        if callable(fixed):
            data = {**data, **fixed()}
        before = _counts(models)
        state = unchanged() if unchanged else None
        response = client.post(url, data)
        assert response.status_code < 500, f"server error {response.status_code} for {data!r:.300}"
        if response.status_code in (301, 302, 303):
            return  # accepted: valid by chance
        assert response.status_code in REFUSED, f"unexpected {response.status_code} for {data!r:.300}"
        if response.status_code != 429:  # a lockout page carries its own message
            errors = _form_errors(response)
            assert errors, f"refused without saying why, for {data!r:.300}"
            allowed = set(fields) | ({"__all__"} if allow_non_field else set())
            stray = set(errors) - allowed
            assert not stray, f"errors not on a field: {stray} for {data!r:.300}"
        assert _counts(models) == before, f"saved although refused, for {data!r:.300}"
        if unchanged:
            assert unchanged() == state, f"changed although refused, for {data!r:.300}"

    submit()


def money_text():
    """Money-shaped text, for forms whose other fields need to be valid."""
    return st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1e12"), places=2).map(str)
