"""Every URL pattern of the site, walked from the root URL conf.

``endpoints()`` flattens ``get_resolver()`` (the Wagtail admin, the Django admin,
the API, allauth and every app) into ``Endpoint`` rows; ``Endpoint.build`` turns a
pattern into a concrete path that resolves back to the same view, using the
keyword arguments given or a neutral sample value per converter.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

SAMPLES = ("1", "x", "x/", "x.pdf", "1-x", "00000000-0000-0000-0000-000000000000")
_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Endpoint:
    name: str | None
    route: str
    parts: tuple
    lookup: str
    callback: object = None

    @property
    def key(self) -> str:
        """What the expectations table matches: the URL name, else the route."""
        return self.name or self.route

    def params(self) -> list[str]:
        names: list[str] = []
        for part in self.parts:
            if isinstance(part, RoutePattern):
                names += [m["name"] for m in _ROUTE_PARAM.finditer(part._route)]
            elif isinstance(part, RegexPattern):
                for _fmt, params in normalize(part._regex)[:1]:
                    names += list(params)
        return names

    def _render(self, values: dict[str, str]) -> str:
        path = "/"
        for part in self.parts:
            if isinstance(part, RoutePattern):
                path += _ROUTE_PARAM.sub(lambda m: values[m["name"]], part._route)
            else:
                fmt, _params = normalize(part._regex)[0]
                path += fmt % values
        return path

    def build(self, kwargs: dict | None = None) -> str | None:
        """A path that resolves to this endpoint, or None if none could be made."""
        names = self.params()
        given = {k: str(v) for k, v in (kwargs or {}).items()}
        free = [n for n in names if n not in given]
        for combo in itertools.product(SAMPLES, repeat=len(free)):
            values = {**given, **dict(zip(free, combo, strict=True))}
            for name in names:
                conv = self._converter(name)
                if isinstance(conv, IntConverter) and not values[name].isdigit():
                    break
                if isinstance(conv, UUIDConverter) and "-" not in values[name]:
                    break
            else:
                try:
                    path = self._render(values)
                except (KeyError, TypeError, ValueError):
                    continue
                if self.resolves(path):
                    return path
        return None

    def _converter(self, name):
        for part in self.parts:
            if isinstance(part, RoutePattern) and name in part.converters:
                return part.converters[name]
        return None

    def resolves(self, path: str) -> bool:
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.func is self.callback and (
            self.name is None or match.view_name == self.name
        )


def _walk(resolver: URLResolver, parts: tuple, namespaces: tuple):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from _walk(pattern, parts + (pattern.pattern,), ns)
        elif isinstance(pattern, URLPattern):
            full = parts + (pattern.pattern,)
            name = ":".join(namespaces + (pattern.name,)) if pattern.name else None
            yield Endpoint(
                name=name,
                route="".join(str(p) for p in full),
                parts=full,
                lookup=pattern.lookup_str,
                callback=pattern.callback,
            )


def _shadowed(endpoint: Endpoint) -> bool:
    """A pattern without parameters that an earlier pattern answers instead
    (Wagtail's sign-in doors replaced by redirects in elearn/urls.py, Wagtail's
    reports served by core.admin_exports): nobody
    can reach it, and the earlier pattern is walked in its place."""
    if endpoint.params():
        return False
    path = endpoint.build()
    if path is not None:
        return False
    try:
        resolve(endpoint._render({}))
    except (Resolver404, KeyError, TypeError, ValueError):
        return False
    return True


def endpoints() -> list[Endpoint]:
    return [e for e in _walk(get_resolver(), (), ()) if not _shadowed(e)]
