"""What changed since last month: each headline measure of the pack's last month against the
month before, in a sentence, with whether that is better or worse.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from ehcp.board_pack.framework import (
    COUNT,
    DOWN,
    HAND_BETTER,
    HEADLINES,
    PERCENT,
    TABLES,
    UP,
    one_decimal,
)
from ehcp.board_pack.report import Change, Table, show
from ehcp.dashboard.common import month_name, number


def change_sentence(key: str, phrase: str, unit: str, better: str, before, after, months) -> Change:
    """One headline, the last month against the one before, in words."""
    then, now = month_name(months[0]), month_name(months[1])

    def said(value) -> str:
        return show(value, unit, in_words=True)

    if before is None or after is None:
        known = [f"{said(v)} in {m}" for v, m in ((before, then), (after, now)) if v is not None]
        gone = " or ".join(m for v, m in ((before, then), (after, now)) if v is None)
        return Change(key, f"{phrase}: {'; '.join([*known, f'no figure for {gone}'])}.", "none")
    if after == before:
        return Change(key, f"{phrase}: {said(after)} in {now}, the same as in {then}.", "same")
    way = UP if after > before else DOWN
    gap = one_decimal(abs(Decimal(str(after)) - Decimal(str(before))))
    if unit == COUNT:
        gap_words = f"{number(gap)} {'more' if way == UP else 'fewer'}"
    else:
        gap_words = f"{gap:.1f} {'percentage points' if unit == PERCENT else unit}"
    sentence = (
        f"{phrase}: {way} from {said(before)} in {then} to {said(after)} in {now} ({gap_words})"
    )
    verdict = "" if not better else "better" if way == better else "worse"
    return Change(key, f"{sentence}, which is {verdict}." if verdict else f"{sentence}.", verdict)


def _changes(tables: Sequence[Table], months: Sequence[date]) -> list[Change]:
    rows = {row.key: row for table in tables for row in table.rows}
    better = {m.key: m.better for _, _, measures, _ in TABLES for m in measures} | HAND_BETTER
    return [
        change_sentence(key, phrase, rows[key].cells[-1].unit, better.get(key, ""),
                        rows[key].cells[-2].value, rows[key].cells[-1].value, months[-2:])
        for key, phrase in HEADLINES
        if key in rows
    ]  # fmt: skip
