"""Every API error has one JSON shape, naming each field at fault."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from partnership.api_support.errors import api_exception_handler


def test_it_names_the_query_parameter_at_fault(api_for):
    response = api_for("staff").get("/api/v1/open-data/360giving/", {"year": "last"})
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert body["errors"] == [{"field": "year", "code": "invalid", "message": "A valid integer is required."}]


def test_it_names_a_missing_parameter(api_for):
    body = api_for("staff").get("/api/v1/open-data/360giving/").json()
    assert body["errors"] == [{"field": "year", "code": "required", "message": "This field is required."}]


def test_it_answers_404_in_the_same_shape(api_for):
    response = api_for("staff").get("/api/v1/organisations/999999/")
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "No Organisation matches the given query.",
        "errors": [],
    }


def test_it_answers_403_in_the_same_shape(api_for):
    response = api_for("leeds").get("/api/v1/open-data/360giving/", {"year": 2024})
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "permission_denied"
    assert body["errors"] == []


def test_it_answers_405_in_the_same_shape(api_for):
    response = api_for("staff").delete("/api/v1/organisations/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_it_gives_nested_fields_a_dotted_path():
    exc = ValidationError({"lines": [{}, {"amount": ["Too big."]}], "non_field_errors": ["Totals differ."]})
    body = api_exception_handler(exc, {}).data
    assert body["errors"] == [
        {"field": "lines.1.amount", "code": "invalid", "message": "Too big."},
        {"field": None, "code": "invalid", "message": "Totals differ."},
    ]


def test_it_turns_a_services_validation_error_into_400():
    """A business rule refused in a service's full_clean() reaches the client as field errors."""
    exc = DjangoValidationError({"amount": ["Allocation cannot be negative."]})
    response = api_exception_handler(exc, {})
    assert response.status_code == 400
    assert response.data["errors"] == [
        {"field": "amount", "code": "invalid", "message": "Allocation cannot be negative."}
    ]


def test_it_keeps_the_code_a_validator_gave():
    class S(serializers.Serializer):
        n = serializers.IntegerField(min_value=1)

    s = S(data={"n": 0})
    assert not s.is_valid()
    body = api_exception_handler(ValidationError(s.errors), {}).data
    assert body["errors"][0]["field"] == "n"
    assert body["errors"][0]["code"] == "min_value"
