"""Shared pieces of the hostile-input tests: the API's operations (from the OpenAPI schema)."""

from __future__ import annotations

from functools import cache

from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@cache
def api_operations() -> tuple[tuple[str, str], ...]:
    """Every (METHOD, path template) the OpenAPI schema documents, e.g. ("GET", "/api/v1/…")."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return tuple(
        (method.upper(), path)
        for path, operations in sorted(schema["paths"].items())
        for method in METHODS
        if method in operations
    )


def api_list_paths() -> list[str]:
    """The GET endpoints without a path parameter: every list, the timeline, search, stats."""
    return [path for method, path in api_operations() if method == "GET" and "{" not in path]
