"""The API's parsers, with the portal's one rule for text (partnership.text).

Every string in a request body, at any depth, is checked as it is parsed, so a
NUL byte or a lone surrogate never reaches a serializer, a service or the
database (on PostgreSQL either is a 500). A refusal is the API's usual 400,
naming each field at fault by its dotted path ("annex_b.0.narrative").
"""

from rest_framework import parsers, serializers

from partnership.text import text_problem


def _problems(data, path=()):
    if isinstance(data, str):
        problem = text_problem(data)
        if problem:
            yield ".".join(path) or "non_field_errors", problem
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _problems(key, (*path, "(key)"))
            yield from _problems(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _problems(value, (*path, str(index)))


def refuse_bad_text(data):
    """`data`, or a 400 naming every string in it that breaks the text rule."""
    plain = data.lists() if hasattr(data, "lists") else None  # a QueryDict: every value of each key
    found = list(_problems(dict(plain) if plain is not None else data))
    if found:
        errors = {}
        for field, problem in found:
            errors.setdefault(field, []).append(problem)
        raise serializers.ValidationError(errors)
    return data


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return refuse_bad_text(super().parse(stream, media_type, parser_context))


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return refuse_bad_text(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        refuse_bad_text(result.data)
        return result
