"""Words that suggest a child may be at risk: feedback holding them goes to the area admins.

A deliberately cautious list, reviewed with the area's safeguarding leads
(docs/adr/0013). A match does not decide anything: it routes the item to a
person at once and keeps it from ever being published. A false alarm costs a
read; a missed one could cost far more, so the phrases lean towards matching.

Phrases are matched on whole words, case-insensitively, with curly quotes,
hyphens and repeated spaces normalised. A phrase ending in ``*`` matches any
word that starts with it ("abus*" matches abuse, abused, abusive). A word
written ``a|b`` matches either ("hurts|hits him|her" matches "hits her"). A last
word starting ``!`` lists words that must not come next: "not want to live
!in|with" matches "I do not want to live" but not "we do not want to live in a
hotel".

The list covers what a parent or professional says about a child ("he does not
feel safe", "she is hurting herself", "he hits her") as well as what a young
person says about themselves.
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
        "hurt|hurts|hurting|harm|harms|harming|cut|cuts|cutting|kill|kills|killing"
        " himself|herself|themselves|themself",
        "not|n't|dont|doesnt|didnt want|wants|wanted to live !in|with|at|near|there|here|by"
        "|somewhere|anywhere|on|next|so|like",
        "not|n't|dont|doesnt|didnt want|wants|wanted to be alive",
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
        "hit|hits|hitting|beat|beats|beating|kick|kicks|kicking|punch|punches|punching|slap"
        "|slaps|slapping|hurts|hurting him|her|them",
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
        "not|never|n't|dont|doesnt|didnt|cant feel|feels|feeling|felt safe",
        "isn't|isnt|aren't|arent|wasn't|wasnt|weren't|werent|never safe",
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


def _word(word: str) -> str:
    choices = [re.escape(choice) for choice in word.split("|")]
    return "(?:" + "|".join(choices) + ")"


def _pattern(phrase: str) -> re.Pattern[str]:
    stem = phrase.endswith("*")
    words = normalise(phrase.rstrip("*")).split(" ")
    unless = ""
    if words[-1].startswith("!"):
        unless = r"(?!\s+" + _word(words.pop()[1:]) + r"(?!\w))"
    body = r"\s+".join(_word(word) for word in words)
    tail = r"\w*" if stem else ""
    start = r"(?:(?<=\w)(?=n't)|(?<!\w))"  # "n't" starts inside a word, the rest do not
    return re.compile(rf"{start}{body}{tail}(?!\w){unless}")


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
            if phrase in found:
                continue
            hit = pattern.search(plain)
            if hit:  # the words of the phrase that matched (only ever words from the list)
                found[phrase] = Match(category, " ".join(hit.group(0).split()), label)
    return list(found.values())


def describe(matches: list[Match]) -> str:
    """Why an item was flagged, in words from the list (never the feedback's own text)."""
    parts = [f'{m.category}: "{m.phrase}" in {m.field.lower()}' for m in matches]
    return "; ".join(parts)[:300]
