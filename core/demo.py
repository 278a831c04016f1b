"""Load the demo areas and sign-ins from ``fixtures/demo/`` (idempotent)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core.models import Area, Board, Organisation, Region, RoleAssignment, User

DEMO_DIR = settings.BASE_DIR / "fixtures" / "demo"


@dataclass
class LoadCounts:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1


@transaction.atomic
def load_areas(path: Path = DEMO_DIR / "areas.json") -> LoadCounts:
    """Create or update the demo areas with their organisations and boards."""
    counts = LoadCounts()
    data = json.loads(path.read_text(encoding="utf-8"))
    for spec in data["areas"]:
        area, created = Area.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "la_code": spec["la_code"],
                "old_la_code": spec.get("old_la_code", ""),
                "region": Region.objects.get(code=spec["region"]),
            },
        )
        counts.add("areas", created)
        for org in spec.get("organisations", []):
            _, created = Organisation.objects.update_or_create(
                area=area,
                name=org["name"],
                defaults={
                    "short_name": org.get("short_name", ""),
                    "kind": org["kind"],
                    "is_active": org.get("is_active", True),
                },
            )
            counts.add("organisations", created)
        boards = {}
        for board in spec.get("boards", []):
            boards[board["name"]], created = Board.objects.update_or_create(
                area=area,
                name=board["name"],
                defaults={"kind": board["kind"], "purpose": board.get("purpose", "")},
            )
            counts.add("boards", created)
        for board in spec.get("boards", []):
            if parent := board.get("accountable_to"):
                boards[board["name"]].accountable_to = boards[parent]
                boards[board["name"]].save(update_fields=["accountable_to"])
    return counts


@transaction.atomic
def load_users(*, password: str, path: Path = DEMO_DIR / "users.json") -> list[dict]:
    """Create or update the demo sign-ins; return them for printing. DEBUG only."""
    if not settings.DEBUG:
        raise PermissionError("Demo users are only loaded when DEBUG is on")
    data = json.loads(path.read_text(encoding="utf-8"))
    loaded = []
    for spec in data["users"]:
        user, _ = User.objects.update_or_create(
            email=spec["email"],
            defaults={"first_name": spec["first_name"], "last_name": spec["last_name"]},
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        for slug, role, organisation in spec["roles"]:
            area = Area.objects.get(slug=slug)
            RoleAssignment.objects.update_or_create(
                user=user,
                area=area,
                role=role,
                defaults={"organisation": Organisation.objects.get(area=area, name=organisation)},
            )
        loaded.append(spec)
    return loaded
