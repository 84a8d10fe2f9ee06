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


def form_values(page: str) -> dict:
    """What a browser would send from the page's form as drawn: every input,
    textarea and selected option, hidden fields included (a multiple select or
    repeated checkboxes give a list)."""
    from html.parser import HTMLParser

    values: dict = {}

    def put(name, value):
        if name in values:
            values[name] = [*values[name], value] if isinstance(values[name], list) else [values[name], value]
        else:
            values[name] = value

    class Reader(HTMLParser):
        select = textarea = None
        text = ""

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name") and a.get("name") != "csrfmiddlewaretoken":
                if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                    return
                if a.get("type") not in ("submit", "button", "file"):
                    put(a["name"], a.get("value", ""))
            elif tag == "textarea":
                self.textarea, self.text = a.get("name"), ""
            elif tag == "select":
                self.select = a.get("name")
            elif tag == "option" and self.select and "selected" in a:
                put(self.select, a.get("value", ""))

        def handle_endtag(self, tag):
            if tag == "textarea" and self.textarea:
                put(self.textarea, self.text.removeprefix("\n"))
                self.textarea = None
            elif tag == "select":
                self.select = None

        def handle_data(self, data):
            if self.textarea:
                self.text += data

    Reader(convert_charrefs=True).feed(page)
    return values
