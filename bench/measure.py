"""Timings of pages: through the Django test client, and of their SQL alone on a cursor.

Times are wall-clock milliseconds from ``time.perf_counter``. A page is timed
in-process through ``django.test.Client`` (no network, no server): the time
covers middleware, sessions, access checks, the ORM, templates and the page's
queries. The SQL is executed on the same connection, every row fetched.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.pages import Page
from bench.synthetic import known_user
from core.models import Area, User


@dataclass(frozen=True)
class PageTiming:
    """Repeated timings of a page and of its SQL, in ms, and the page's query count."""

    name: str
    page_ms: list[float]
    sql_ms: list[float]
    queries: int

    @property
    def page_median(self) -> float:
        return statistics.median(self.page_ms)

    @property
    def page_p95(self) -> float:
        return percentile(self.page_ms, 95)

    @property
    def sql_median(self) -> float:
        return statistics.median(self.sql_ms)

    @property
    def ratio(self) -> float:
        """How many times longer the whole page takes than PostgreSQL alone on its data."""
        return self.page_median / self.sql_median


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile: the smallest value with ``pct``% of values at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


@dataclass(frozen=True)
class Target:
    """A page ready to time: its URL for the area, a signed-in client, its SQL's parameters."""

    page: Page
    url: str
    client: Client
    params: dict[str, int]


def measure_pages(pages: list[Page], area: Area, *, repeat: int, warmup: int) -> list[PageTiming]:
    """Time every page for ``area``, in rounds that visit each page once.

    Each visit times the page, then its SQL alone. Rounds spread every page's
    samples over the whole measurement, so a burst of load elsewhere on the
    machine touches all pages, and both sides of each ratio, alike.
    """
    targets = targets_for(pages, area)
    for _ in range(warmup):
        for target in targets:
            visit(target)
    gc.collect()
    samples = [[visit(target) for target in targets] for _ in range(repeat)]
    return [
        PageTiming(
            name=target.page.name,
            page_ms=[round_[i][0] for round_ in samples],
            sql_ms=[round_[i][1] for round_ in samples],
            queries=count_queries(target.client, target.url),
        )
        for i, target in enumerate(targets)
    ]


def targets_for(pages: list[Page], area: Area) -> list[Target]:
    """One target a page, signed in as the area's known user of the page's role."""
    users = {role: known_user(area, role) for role in {page.role for page in pages}}
    clients = {role: signed_in_client(user) for role, user in users.items()}
    return [
        Target(
            page=page,
            url=page.url(area),
            client=clients[page.role],
            params={"area_id": area.pk, "user_id": users[page.role].pk},
        )
        for page in pages
    ]


def signed_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def visit(target: Target) -> tuple[float, float]:
    """Time the page once, then its SQL once: (page ms, SQL ms)."""
    return get_ms(target.client, target.url), sql_ms(target.page.sql, target.params)


def get_ms(client: Client, url: str) -> float:
    """One GET of ``url``; a page that does not answer 200 stops the benchmark."""
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200")
    return elapsed


def sql_ms(statements: tuple[str, ...], params: dict[str, int]) -> float:
    """Execute each statement on a cursor and fetch all its rows."""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)
            cursor.fetchall()
    return (time.perf_counter() - start) * 1000


def count_queries(client: Client, url: str) -> int:
    """The number of SQL queries one GET of ``url`` runs (session and sign-in included)."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def client_floor_ms(*, repeat: int, warmup: int) -> float:
    """Median time of the test client on /healthz, which touches no database: the floor."""
    client = Client()
    url = reverse("healthz")
    for _ in range(warmup):
        get_ms(client, url)
    return statistics.median(get_ms(client, url) for _ in range(repeat))
