"""Frozen plan versions and what changed between two of them (pure: snapshots in, changes out)."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Action fields compared between versions, with their labels.
ACTION_FIELDS = {
    "title": "Action",
    "owner": "Owner",
    "starts_on": "Start date",
    "due_on": "Due date",
    "status": "Status",
    "progress": "Progress (%)",
    "rag": "RAG",
}
PRIORITY_FIELDS = {"title": "Title", "why": "Why it is a priority"}


@dataclass
class Changes:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[dict] = field(
        default_factory=list
    )  # {"action": ..., "fields": [(label, old, new)]}
    rag_moves: list[dict] = field(default_factory=list)  # changed actions whose RAG moved
    priorities: list[dict] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not (self.added or self.removed or self.changed or self.priorities)


def _actions(snapshot: dict) -> dict[int, dict]:
    return {
        action["id"]: {**action, "priority": priority["number"]}
        for priority in snapshot.get("priorities", [])
        for action in priority.get("actions", [])
    }


def compare(old: dict, new: dict) -> Changes:
    """Added, removed and changed actions (and priorities) from ``old`` to ``new``."""
    changes = Changes()
    before, after = _actions(old), _actions(new)
    changes.added = [after[pk] for pk in after if pk not in before]
    changes.removed = [before[pk] for pk in before if pk not in after]
    for pk in after.keys() & before.keys():
        diffs = [
            (label, before[pk].get(name), after[pk].get(name))
            for name, label in ACTION_FIELDS.items()
            if before[pk].get(name) != after[pk].get(name)
        ]
        if diffs:
            entry = {"action": after[pk], "fields": diffs}
            changes.changed.append(entry)
            if before[pk].get("rag") != after[pk].get("rag"):
                changes.rag_moves.append(
                    {"action": after[pk], "old": before[pk].get("rag"), "new": after[pk].get("rag")}
                )
    old_priorities = {p["id"]: p for p in old.get("priorities", [])}
    for priority in new.get("priorities", []):
        previous = old_priorities.get(priority["id"])
        if previous is None:
            changes.priorities.append(
                {"priority": priority, "fields": [("Priority", None, "Added")]}
            )
            continue
        diffs = [
            (label, previous.get(name), priority.get(name))
            for name, label in PRIORITY_FIELDS.items()
            if previous.get(name) != priority.get(name)
        ]
        if diffs:
            changes.priorities.append({"priority": priority, "fields": diffs})
    new_ids = {p["id"] for p in new.get("priorities", [])}
    for pk, previous in old_priorities.items():
        if pk not in new_ids:
            changes.priorities.append(
                {"priority": previous, "fields": [("Priority", "Removed", None)]}
            )
    for group in (changes.added, changes.removed):
        group.sort(key=lambda a: (a["priority"], a["id"]))
    changes.changed.sort(key=lambda c: (c["action"]["priority"], c["action"]["id"]))
    return changes
