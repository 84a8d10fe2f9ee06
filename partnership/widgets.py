"""Form widgets for choice lists that grow with the partnership's data."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _escaped(text) -> str:
    """Django's escape (html.escape, quotes included), leaving safe strings as they are."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


class QuickSelect(forms.Select):
    """A single <select>, drawn in Python rather than by a template per option.

    The HTML is Django's Select's; only the rendering differs. A filter that lists
    every provider has hundreds of options at national scale, and Django's
    template-per-option rendering cost the register about 40 ms a page
    (docs/decisions/0700). Grouped choices fall back to Django's own rendering.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Not list(self.choices): list() asks a ModelChoiceIterator its length, a COUNT query.
        choices = [*iter(self.choices)]
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        options, chosen = [], False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not chosen and option_value in wanted  # a single select marks one option only
            chosen = chosen or selected
            mark = " selected" if selected else ""
            options.append(f'<option value="{_escaped(option_value)}"{mark}>{_escaped(label)}</option>')
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),  # each part escaped above
        )
