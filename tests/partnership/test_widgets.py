import pytest
from django import forms
from django.test.html import parse_html

from partnership.models import District
from partnership.widgets import QuickSelect

CHOICES = [("", "Any stream"), ("core", "Core VRP budget"), ("svd", "Serious Violence Duty"), ("x&y", "<Other>")]


def _both(value, attrs=None, choices=CHOICES):
    django_select = forms.Select(attrs={"class": "govuk-select"}, choices=choices)
    quick = QuickSelect(attrs={"class": "govuk-select"}, choices=choices)
    return (
        parse_html(django_select.render("stream", value, attrs=attrs)),
        parse_html(quick.render("stream", value, attrs=attrs)),
    )


@pytest.mark.parametrize("value", [None, "", "svd", "x&y", "not-a-choice"])
def test_it_draws_the_same_html_as_djangos_select(value):
    expected, drawn = _both(value, attrs={"id": "id_stream", "aria-invalid": "true"})
    assert drawn == expected


def test_it_escapes_values_and_labels():
    html = QuickSelect(choices=CHOICES).render("stream", None)
    assert 'value="x&amp;y"' in html and "&lt;Other&gt;" in html and "<Other>" not in html


def test_it_marks_only_the_first_of_two_equal_values_selected():
    expected, drawn = _both("core", choices=[("core", "One"), ("core", "Two")])
    assert drawn == expected


def test_it_leaves_grouped_choices_to_django():
    grouped = [("Streams", [("core", "Core"), ("svd", "SVD")])]
    expected, drawn = _both("svd", choices=grouped)
    assert drawn == expected


@pytest.mark.django_db
def test_it_draws_a_model_choice_field_as_django_does(reference_data):
    field = forms.ModelChoiceField(queryset=District.objects.order_by("position"), empty_label="Any district")
    chosen = reference_data["districts"]["bradford"].pk
    field.widget = forms.Select(choices=field.choices)
    expected = parse_html(field.widget.render("district", chosen))
    field.widget = QuickSelect(choices=field.choices)
    assert parse_html(field.widget.render("district", chosen)) == expected
