"""Words that suggest a child may be at risk: feedback holding them goes to the area admins.

A deliberately cautious list, reviewed with the area's safeguarding leads
(docs/adr/0013). A match does not decide anything: it routes the item to a
person at once and keeps it from ever being published. A false alarm costs a
read; a missed one could cost far more, so the phrases lean towards matching.

Phrases are matched on whole words, case-insensitively, with curly quotes,
hyphens and repeated spaces normalised. A phrase ending in ``*`` matches any
word that starts with it ("abus*" matches abuse, abused, abusive).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: category -> phrases. Changing this list is a safeguarding decision: get it reviewed.
RISK_PHRASES: dict[str, tuple[str, ...]] = {
    "self-harm or suicide": (
        "self harm*",
        "selfharm*",
        "harm myself",
        "harming myself",
        "hurt myself",
        "hurting myself",
        "cut myself",
        "cutting myself",
        "kill myself",
        "killing myself",
        "suicid*",
        "want to die",
        "wants to die",
        "wish i was dead",
        "wish i were dead",
        "end my life",
        "end it all",
        "overdose*",
    ),
    "abuse or neglect": (
        "abus*",
        "neglect*",
        "hits me",
        "hit me",
        "beats me",
        "beat me",
        "kicks me",
        "punches me",
        "hurts me",
        "touched me",
        "touches me",
        "sexual*",
        "no food at home",
        "not fed",
        "locked in my room",
        "locks me in",
        "bruise*",
    ),
    "feeling unsafe": (
        "not safe",
        "unsafe",
        "don't feel safe",
        "do not feel safe",
        "scared to go home",
        "afraid to go home",
        "frightened to go home",
        "scared of my dad",
        "scared of my mum",
        "scared of him",
        "scared of her",
        "ran away",
        "run away",
        "running away",
    ),
    "exploitation": (
        "groom*",
        "exploit*",
        "county lines",
        "made me carry",
        "sent me pictures",
        "asked me for pictures",
        "nude*",
    ),
}

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'"})


def normalise(text: str) -> str:
    """Lower case, plain apostrophes, hyphens and runs of spaces as one space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = re.sub(r"[\-\u2010-\u2015_]+", " ", text)
    return re.sub(r"\s+", " ", text)


def _pattern(phrase: str) -> re.Pattern[str]:
    stem = phrase.endswith("*")
    words = normalise(phrase.rstrip("*")).split(" ")
    body = r"\s+".join(re.escape(word) for word in words)
    tail = r"\w*" if stem else ""
    return re.compile(rf"(?<!\w){body}{tail}(?!\w)")


_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    (category, phrase, _pattern(phrase))
    for category, phrases in RISK_PHRASES.items()
    for phrase in phrases
]


@dataclass(frozen=True)
class Match:
    category: str
    phrase: str
    field: str  # the label of the answer it was found in


def find_risks(answers: dict[str, str]) -> list[Match]:
    """The risk phrases found in ``answers`` (label -> text), at most one per phrase."""
    found: dict[str, Match] = {}
    for label, text in answers.items():
        if not text:
            continue
        plain = normalise(text)
        for category, phrase, pattern in _PATTERNS:
            if phrase not in found and pattern.search(plain):
                found[phrase] = Match(category, phrase.rstrip("*"), label)
    return list(found.values())


def describe(matches: list[Match]) -> str:
    """Why an item was flagged, in words from the list (never the feedback's own text)."""
    parts = [f'{m.category}: "{m.phrase}" in {m.field.lower()}' for m in matches]
    return "; ".join(parts)[:300]
