"""The one date input the portal uses: GOV.UK's date input pattern (day, month
and year in three boxes), from crispy-forms-gds, with messages that name the
field. Every form with a date uses `DateField` from here, so a date typed on
one page is typed the same way on every other."""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from django import forms


class DateField(DateInputField):
    """A date as three boxes; None when all three are blank and the date is optional."""

    def __init__(self, *, label=None, required=True, help_text="", **kwargs):
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        help_text = help_text or "For example, 19 9 2025"
        super().__init__(label=label, required=required, help_text=help_text, require_all_fields=False, **kwargs)
        name = str(label or "the date")
        named = f"{name[:1].lower()}{name[1:]}"
        self.error_messages["required"] = f"Enter {named}"
        self.error_messages["incomplete"] = f"Enter {named} with a day, month and year"
        for part, field in zip(("day", "month", "year"), self.fields, strict=True):
            field.required = False
            field.validators = []
            field.error_messages["incomplete"] = f"{named.capitalize()} must include a {part}"

    def clean(self, value):
        """Blank, or all three parts as whole numbers making a real date; one
        message naming the field otherwise (not Python's "day is out of range")."""
        parts = list(value or []) + [None] * 3
        texts = [str(p).strip() if p not in (None, "") else "" for p in parts[:3]]
        for field in self.fields:
            field.widget.errors = []  # the error summary links to the box named here
        if not any(texts):
            if self.required:
                self._refuse(0, self.error_messages["required"], "required")
            return None
        missing = [i for i, text in enumerate(texts) if not text]
        if missing:
            names = " and a ".join(("day", "month", "year")[i] for i in missing)
            self._refuse(missing[0], f"{self._named().capitalize()} must include a {names}", "incomplete")
        day, month, year = texts
        try:
            if not 1000 <= int(year) <= 9999:
                raise ValueError(year)
            return date(int(year), int(month), int(day))
        except ValueError:
            self._refuse(0, f"{self._named().capitalize()} must be a real date, for example 19 9 2025", "invalid")

    def _refuse(self, part: int, message: str, code: str):
        self.fields[part].widget.errors = [message]
        raise forms.ValidationError(message, code=code)

    def _named(self) -> str:
        name = str(self.label or "the date")
        return f"{name[:1].lower()}{name[1:]}"
