"""QUALITY.md A4: the young people's form and the easy-read page in plain words a 9-year-old
can read, measured, not asserted by eye.

Each page's own words (the text of ``<main>``, without what the person typed) are scored with
the Flesch-Kincaid grade level: US school grade 4 is ages 9 to 10. Syllables are counted the
stricter of two ways: pyphen's British English hyphenation points, and groups of vowels less a
silent final e. Sentences are kept short, as the easy-read guidance asks, and each sentence
of six words or more is scored alone as well, so one hard sentence cannot hide among easy ones.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pyphen
import pytest

from tests.coproduction.submit_journey import YOUNG_ANSWERS, send, url, walk
from tests.factories import CoproductionSettingsFactory

pytestmark = pytest.mark.django_db

#: US school grade 4: children of 9 to 10
MAX_GRADE = 4.0
MAX_WORDS_IN_A_SENTENCE = 20
MAX_SENTENCE_GRADE = 6.0
HYPHENATION = pyphen.Pyphen(lang="en_GB")
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def syllables(word: str) -> int:
    word = word.lower()
    vowels = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and vowels > 1:
        vowels -= 1
    return max(1, vowels, len(HYPHENATION.positions(word)) + 1)


def grade(text: str) -> float:
    """Flesch-Kincaid grade level: 0.39 words per sentence + 11.8 syllables per word - 15.59."""
    found = sentences(text)
    words = [w for s in found for w in WORD.findall(s)]
    per_sentence = len(words) / len(found)
    per_word = sum(syllables(w) for w in words) / len(words)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class MainText(HTMLParser):
    """The words a reader sees in ``<main>``: no markup, scripts or text only screen readers
    hear twice (the faces' pictures are aria-hidden; their words are the labels)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "main":
            self.depth += 1
        if tag in VOID:  # no end tag to close a skipped stretch
            return
        hidden = "govuk-visually-hidden" in (attributes.get("class") or "")
        if self.depth and (self.skip or hidden or tag in {"script", "style", "svg"}):
            self.skip += 1
        if tag in {"p", "li", "h1", "h2", "h3", "label", "legend", "div", "dt", "dd", "a",
                   "button", "span", "td", "th"}:  # fmt: skip
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def words_of(body: str, typed: tuple[str, ...] = ()) -> str:
    parser = MainText()
    parser.feed(body)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(line for line in lines if line and line not in typed)
    for answer in typed:
        text = text.replace(answer, "")
    return text


def sentences(text: str) -> list[str]:
    """Each line (a heading, label, button) or sentence, ended by its full stop if it has one."""
    found = []
    for line in text.splitlines():
        found += [s.strip() for s in re.split(r"(?<=[.?!])\s+", line) if s.strip()]
    return found


def as_sentences(text: str) -> str:
    """Lines as sentences for the score: a label or heading without a full stop is one."""
    return " ".join(s if s[-1] in ".?!" else f"{s}." for s in sentences(text))


YOUNG_WITH_CONTACT = {
    **YOUNG_ANSWERS,
    "contact": {"contact_wanted": "yes"},
    "contact-details": {"name": "Sam", "email": "sam@example.org", "phone": ""},
}
#: what the young person typed, left out of the page's own words
FREE_TEXT = {"working", "not_working", "future", "name", "email", "phone"}
#: what a young person might get wrong on each step, to read the error messages too
MISTAKES = {
    "share": {"consent": ""},
    "contact": {"contact_wanted": ""},
    "contact-details": {"name": "", "email": "sam at home", "phone": "12ab"},
}


@pytest.fixture
def young_pages(area_a, client):
    """Every page of the young people's form as a young person meets it, errors included,
    and the easy-read 'you said, we did'."""
    CoproductionSettingsFactory(area=area_a, allow_public_feedback=True)
    prefix = "feedback-young"
    pages = {"start": client.get(url(area_a, f"{prefix}-start")).content.decode()}
    for step, data in YOUNG_WITH_CONTACT.items():
        pages[step] = client.get(url(area_a, f"{prefix}-{step}")).content.decode()
        if step in MISTAKES:
            refused = client.post(url(area_a, f"{prefix}-{step}"), MISTAKES[step])
            assert refused.status_code == 200, step
            pages[f"{step} (with mistakes)"] = refused.content.decode()
        walk(client, area_a, {step: data}, prefix=prefix)
    pages["check"] = client.get(url(area_a, f"{prefix}-check")).content.decode()
    assert send(client, area_a, prefix=prefix).status_code == 302
    pages["sent"] = client.get(url(area_a, f"{prefix}-sent")).content.decode()
    pages["easy read"] = client.get(url(area_a, "you-said-we-did-easy-read")).content.decode()
    typed = tuple(
        v for data in YOUNG_WITH_CONTACT.values() for k, v in data.items() if k in FREE_TEXT and v
    )
    return {name: words_of(body, typed) for name, body in pages.items()}


def test_the_young_peoples_pages_read_at_age_9(young_pages):
    assert len(young_pages) == 14  # start, 7 steps, 3 with mistakes, check, sent, easy read
    mistakes = young_pages["contact-details (with mistakes)"]
    assert "That email does not look right" in mistakes  # not the adult form's errors
    assert "That phone number does not look right" in mistakes
    for name, text in young_pages.items():
        assert len(text.split()) > 5, f"{name}: no words found: {text!r}"
        assert grade(text) <= MAX_GRADE, f"{name}: reading grade {grade(text)}:\n{text}"
        longest = max(sentences(text), key=lambda s: len(WORD.findall(s)))
        assert len(WORD.findall(longest)) <= MAX_WORDS_IN_A_SENTENCE, f"{name}: {longest!r}"
        # one hard sentence among many easy ones still stops a child: each is scored too
        # (from 6 words: the score means nothing for a button's one word)
        for sentence in sentences(text):
            if len(WORD.findall(sentence)) >= 6:
                assert grade(sentence) <= MAX_SENTENCE_GRADE, f"{name}: {sentence!r}"


@pytest.mark.parametrize(
    ("text", "at_most", "at_least"),
    [
        ("Tell us what is good. Pick a face.", 1, None),
        (
            "The local authority must consider the representations of the parent carer forum "
            "before determining the commissioning intentions for specialist provision.",
            None,
            12,
        ),
    ],
)
def test_the_grade_tells_plain_words_from_official_ones(text, at_most, at_least):
    if at_most is not None:
        assert grade(text) <= at_most
    if at_least is not None:
        assert grade(text) >= at_least
