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
