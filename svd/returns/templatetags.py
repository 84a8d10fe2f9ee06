"""Template tags for quarterly returns."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from svd.models import ReturnStatus

register = template.Library()

# Waiting for the VRP (submitted, resubmitted) shows turquoise.
STATUS_COLOURS = {
    ReturnStatus.NOT_STARTED: "govuk-tag--grey",
    ReturnStatus.DRAFT: "govuk-tag--blue",
    ReturnStatus.RETURNED: "govuk-tag--orange",
    ReturnStatus.APPROVED: "govuk-tag--green",
}


@register.simple_tag
def return_status_tag(quarterly_return):
    """{% return_status_tag r %}: the return's status as a GOV.UK tag. A tag, not an
    include: the reporting-rate grid draws one per cell (docs/decisions/0700)."""
    colour = STATUS_COLOURS.get(quarterly_return.status, "govuk-tag--turquoise")
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, quarterly_return.get_status_display())


# A pk no return has, to find where the pk goes in the return page's address.
_PK_MARK = 987_654_321_987


def _return_url(render_context, pk) -> str:
    """The return's page, as reverse() gives it, for one reverse() per grid drawn
    rather than one per cell (20 microseconds each, 400 cells)."""
    around = render_context.get("return_url_around_pk")
    if around is None:
        around = render_context["return_url_around_pk"] = reverse("svd:return_detail", args=[_PK_MARK]).rsplit(
            str(_PK_MARK), 1
        )
    return f"{around[0]}{pk}{around[1]}"


@register.simple_tag(takes_context=True)
def reporting_rate_cell(context, cell, csp):
    """{% reporting_rate_cell cell row.csp %}: one cell of the reporting-rate grid,
    drawn in Python: a year's grid has a cell per CSP and quarter (400 at national
    scale), and as template markup each cost about 0.1 ms (docs/decisions/0700)."""
    quarterly_return = cell["return"]
    if quarterly_return is None:
        return "Not opened"
    if cell["late"]:
        note = mark_safe(' <strong class="govuk-tag govuk-tag--red">Late</strong>')
    elif quarterly_return.received_on_time:
        note = mark_safe(' <span class="govuk-body-s">on time</span>')
    else:
        note = ""
    return format_html(
        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {} {}</span></a>{}',
        _return_url(context.render_context, quarterly_return.pk),
        return_status_tag(quarterly_return),
        csp.name,
        quarterly_return.quarter.label,
        note,
    )
