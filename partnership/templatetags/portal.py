"""Template filters for figures, so every page formats money the same way."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from partnership.money import format_gbp

register = template.Library()


@register.filter
def gbp(amount):
    """{{ amount|gbp }} gives £1,302,563.14."""
    return format_gbp(amount)


@register.filter
def gbp_whole(amount):
    """{{ amount|gbp_whole }} gives £1,368,197 (for figures the report states in whole pounds)."""
    return format_gbp(amount, pence=False)


@register.filter
def when(moment):
    """{{ moment|when }} gives 19 September 2025, 14:05: one time format everywhere,
    24-hour, in the portal's time zone (Europe/London)."""
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment), "j F Y, H:i")


# Django's stock messages say nothing of which field is wrong; GOV.UK's error
# summary must name it. A form's own message (written for the field) is kept.
_STOCK_REQUIRED = "This field is required."


@register.filter
def named_error(error, field) -> str:
    """{{ error|named_error:field }}: the error as the summary and the field show it.
    "This field is required." becomes "Enter the start date" ("Select ..." for a
    choice); any other stock message is prefixed with the field's label."""
    text = str(error)
    label = str(field.label or field.name.replace("_", " "))
    if text == _STOCK_REQUIRED:
        verb = "Select" if getattr(field.field, "choices", None) is not None else "Enter"
        return f"{verb} {label[:1].lower()}{label[1:]}"
    if label.lower() in text.lower() or text.startswith(("Enter ", "Select ", "Choose ")):
        return text
    return f"{label}: {text}"
