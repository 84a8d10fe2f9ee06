"""Narrative sections are Markdown written by staff. Rendered here, then cleaned
with nh3 to a small set of tags, so no raw HTML from a user reaches a page or PDF."""

import markdown as markdown_lib
import nh3
from django.utils.safestring import mark_safe

# Headings start at h4: the report's own section headings are h2 and h3.
ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h4", "h5", "blockquote", "br", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"https", "http", "mailto"}


def render_markdown(text: str) -> str:
    """Safe HTML for a narrative section. Raw HTML in the source is escaped by
    nh3's cleaning (tags outside the allowed set are dropped, their text kept)."""
    if not text:
        return mark_safe("")
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)
