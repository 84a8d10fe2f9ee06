"""The one rule for text that people type or upload, in every app.

Text may hold any printable character, and tab, line feed and carriage return
(multi-line text keeps its layout), but no other control character: NUL cannot
be stored in PostgreSQL (a 500, not a message), and the others cannot be
written to an XLSX file or shown sensibly. Lone surrogates (which JSON can
carry) cannot be stored either. Long text is capped at `TEXT_MAX_CHARS`, far
above any narrative a return or report needs and far below what would slow a
page that shows it.

The rule is applied at each door text comes in by: every Django form field
(`install_form_rule`, from PartnershipConfig.ready), the API's parsers
(partnership.api_support.parsers), the quarterly-return rules, which the pages,
the upload and the API share (svd.returns.validation), and the spreadsheet
reader for imports (partnership.spreadsheets.reading).
"""

import re

from django import forms
from django.core.exceptions import ValidationError

TEXT_MAX_CHARS = 20_000
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NAMES = {"\x00": "a NUL character"}


def text_problem(value) -> str:
    """What is wrong with `value` as typed text, for the person who typed it; "" if nothing."""
    if not isinstance(value, str):
        return ""
    found = _REFUSED.search(value)
    if found:
        char = found.group()
        name = _NAMES.get(char, f"a control character (U+{ord(char):04X})")
        return (
            f"Remove {name} at position {found.start() + 1}: it cannot be stored. "
            "It often comes from copying text out of another program."
        )
    if len(value) > TEXT_MAX_CHARS:
        return f"Enter {TEXT_MAX_CHARS:,} characters or fewer (this has {len(value):,})"
    return ""


def validate_text(value) -> None:
    """A Django validator for the rule."""
    problem = text_problem(value)
    if problem:
        raise ValidationError(problem, code="refused_text")


def _validate_form_text(value) -> None:
    # Django's CharField already refuses NUL with its own message; one message is enough.
    if isinstance(value, str):
        validate_text(value.replace("\x00", ""))


def install_form_rule() -> None:
    """Every forms.CharField, in every form, the admin and the filters, checks the rule.

    Django builds each field's validators from its class's `default_validators`,
    so setting them on CharField reaches every form in the portal (and any
    added later) without each form remembering to ask. Subclasses that set
    their own (EmailField, URLField, SlugField) already refuse control characters.
    """
    if _validate_form_text not in forms.CharField.default_validators:
        forms.CharField.default_validators = [*forms.CharField.default_validators, _validate_form_text]
