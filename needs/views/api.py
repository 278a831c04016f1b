"""The public read API: ``/api/figures.csv`` and ``/api/figures.json`` (README, "Read API").

Open to anyone, GET and HEAD only; nothing is written, so there is no CSRF to
check. Successful answers may be cached by anyone for 5 minutes (a signed-in
caller's answers are still ``no-store``: core.middleware).
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import path, register_converter
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from needs import api

CACHE_SECONDS = 300


class ApiFormat:
    """``csv`` or ``json``; anything else is not a route (404)."""

    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ApiFormat, "api_format")


def _open(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _bad_request(fmt: str, message: str) -> HttpResponse:
    if fmt == "json":
        response = JsonResponse({"error": message}, status=400)
    else:
        response = HttpResponse(
            message + "\n", status=400, content_type="text/plain; charset=utf-8"
        )
    patch_cache_control(response, no_cache=True)
    return _open(response)


@require_safe
def figures(request, fmt: str):
    """Current DfE figures of the total breakdown, filtered by measure, area and period."""
    try:
        query = api.parse_query(request.GET, paged=fmt == "json")
    except api.BadQuery as bad:
        return _bad_request(fmt, str(bad))
    if fmt == "csv":
        response = StreamingHttpResponse(
            api.csv_lines(api.figure_rows(query).iterator(chunk_size=2000)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="figures.csv"'
    else:
        rows = list(api.figure_rows(query, extra=1))
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        next_url = None
        if more:
            params = request.GET.copy()
            params["offset"] = str(query.offset + query.limit)
            next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        response = JsonResponse(
            {"rows": [api.json_row(row) for row in rows], "count": len(rows), "next": next_url}
        )
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return _open(response)


urlpatterns = [
    path("api/figures.<api_format:fmt>", figures, name="api-figures"),
]
