"""How a feedback status reads in public: a tag colour, what it means, and easy-read words."""

from __future__ import annotations

from dataclasses import dataclass

from coproduction.models import FeedbackStatus


@dataclass(frozen=True)
class StatusWords:
    label: str  # the status's name, as commissioners use it
    tag: str  # GOV.UK tag colour modifier ("" is the default blue)
    meaning: str  # one sentence for the public page
    easy: str  # easy read: a few plain words
    easy_meaning: str  # easy read: one short sentence


STATUS_WORDS = {
    FeedbackStatus.RECEIVED: StatusWords(
        "Received", "grey", "We have received this feedback.", "We got it", "We got what you said."
    ),
    FeedbackStatus.THEMED: StatusWords(
        "Themed",
        "teal",
        "We have read it and grouped it with similar feedback.",
        "We read it",
        "We read it. We put it with things other people said.",
    ),
    FeedbackStatus.RESPONDED: StatusWords(
        "Responded",
        "",
        "We have answered it.",
        "We answered",
        "We wrote back.",
    ),
    FeedbackStatus.ACTION_LINKED: StatusWords(
        "Action linked",
        "purple",
        "It is linked to actions in our plan.",
        "We are working on it",
        "We are doing something about it.",
    ),
    FeedbackStatus.DONE: StatusWords(
        "Done", "green", "What we said we would do is done.", "Done", "We did it."
    ),
    FeedbackStatus.NOT_POSSIBLE: StatusWords(
        "Not possible",
        "orange",
        "We cannot do what was asked. The answer says why.",
        "We cannot do it",
        "We cannot do this. We say why.",
    ),
}


def status_words(status: str) -> StatusWords:
    return STATUS_WORDS[FeedbackStatus(status)]
