"""The checked-in OpenAPI schema, docs/api/openapi.yaml: generate and compare.

`manage.py api_schema` rewrites it; `manage.py api_schema --check` fails when
the code and the file disagree (as does tests/api/test_schema.py).
"""

from django.conf import settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.validation import validate_schema

SCHEMA_FILE = settings.BASE_DIR / "docs" / "api" / "openapi.yaml"


def generate_schema_yaml() -> str:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    return OpenApiYamlRenderer().render(schema, renderer_context={}).decode()


def checked_in_schema_yaml() -> str:
    return SCHEMA_FILE.read_text() if SCHEMA_FILE.exists() else ""
