"""Reading GOV.UK form pages in tests: the error shown next to a field, and the summary."""

import re


def error_next_to(page: str, field: str) -> str:
    """The error message(s) rendered beside the field named `field`, as text ('' if none)."""
    pattern = (
        rf'<span id="id_{field}_\d+_error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">Error:</span>(.*?)</span>'
    )
    found = re.findall(pattern, page, re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", f) for f in found)
    return re.sub(r"\s+", " ", text).replace("Error:", "").strip()


def summary_links_to(page: str, field: str) -> bool:
    return "govuk-error-summary" in page and f'href="#id_{field}"' in page
