"""Every route under /api/ in the URL configuration, found by walking the resolver,
so an endpoint added anywhere is picked up without a list to keep by hand."""

import re
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
FORMAT_SUFFIX = re.compile(r"\.?<format>(/\?)?$")
UNSAFE = {"post", "put", "patch", "delete"}


def _normalise(route: str) -> str:
    route = route.replace("^", "").replace("$", "").replace("\\.", ".")
    route = GROUP.sub(lambda m: f"<{m.group(1)}>", route)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route)


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


@dataclass
class ApiRoute:
    route: str  # "api/v1/districts/<pk>/"
    callback: object

    @property
    def kwargs(self):
        return re.findall(r"<(\w+)>", self.route)

    @property
    def is_viewset(self):
        return hasattr(self.callback, "actions") and getattr(self.callback, "cls", None) is not None

    @property
    def methods(self) -> set[str]:
        if self.is_viewset:
            # The methods the route answers: a viewset may leave one out (PUT on a return: 405 for anyone).
            return set(self.callback.actions) & set(self.callback.cls.http_method_names)
        cls = getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)
        if cls is None:
            return {"get"}
        return {m for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)}

    def view(self, user=None, action=None):
        """An instance of the route's viewset, set up as for a request by `user`."""
        request = Request(APIRequestFactory().get("/"))
        request.user = user or AnonymousUser()
        view = self.callback.cls(**self.callback.initkwargs)
        view.request, view.args, view.kwargs, view.format_kwarg = request, (), {}, None
        view.action = action or ("retrieve" if self.kwargs else "list")
        return view

    def model(self):
        return self.view().get_queryset().model

    def url(self, obj=None, **values):
        if obj is not None:
            view = self.view()
            values.setdefault(view.lookup_url_kwarg or view.lookup_field, getattr(obj, view.lookup_field))
        path = self.route
        for name, value in values.items():
            path = path.replace(f"<{name}>", str(value))
        assert "<" not in path, f"no value for a parameter of {self.route}"
        return "/" + path


def api_routes() -> list[ApiRoute]:
    """Every /api/ route once; a format-suffix variant counts as its base route."""
    seen = {}
    for raw, callback in _walk(get_resolver().url_patterns):
        if not raw.startswith("api/"):
            continue
        route = _normalise(raw)
        if FORMAT_SUFFIX.search(route):  # DefaultRouter's "grants.json": the same view as "grants/"
            route = FORMAT_SUFFIX.sub("", route).rstrip("/") + "/"
        seen.setdefault(route, ApiRoute(route, callback))
    return sorted(seen.values(), key=lambda r: r.route)
