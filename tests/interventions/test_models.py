from django.urls import get_resolver

from interventions.models import RESERVED_REFERENCES


def test_every_fixed_address_under_interventions_is_a_reserved_reference():
    """An intervention whose reference were 'outcomes' would lose its page to the outcomes list."""
    patterns = get_resolver("interventions.urls").url_patterns
    fixed = {str(p.pattern).split("/")[0] for p in patterns if not str(p.pattern).startswith("<")}
    first_segments = {segment.split(".")[0].split("<")[0] for segment in fixed} - {""}
    assert first_segments <= RESERVED_REFERENCES, first_segments - RESERVED_REFERENCES
