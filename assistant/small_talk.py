"""Messages that only greet, thank, acknowledge or say goodbye ("hi", "ok thanks!",
"cheers, that helps", "bye"), or ask what the assistant is ("what can you do?"); and the
reply to questions about what the library covers ("what topics do you cover?"), which are
told apart by meaning after the search (``LIBRARY_QUESTIONS``).

They ask nothing of the research: they get one short fixed reply, never "the library has
no summary on this" and never the last answer again, and they carry nothing into the
conversation (``carrying``: the next turn leans on the turn before them). A message with
any other word is not small talk ("thanks, and what about side effects?" is a follow-up),
so safety triage and the research answer see everything else. Pure functions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Literal

from assistant.corpus import SummaryView
from assistant.models import Turn

SmallTalk = Literal["library", "greeting", "thanks", "goodbye", "acknowledgement"]

_KINDS: tuple[tuple[SmallTalk, str], ...] = (
    ("greeting", r"hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening)"
     r"|what can you do|who are you|what are you|how does this work|what is this"),
    ("goodbye", r"bye|bye bye|goodbye|see you|see ya|take care|good night|night"),
    ("thanks", r"thanks|thank you|thank u|thankyou|thx|ty|ta|cheers|many thanks"
     r"|much appreciated|appreciate it|i appreciate it"),
    ("acknowledgement", r"ok|okay|k|great|cool|nice|perfect|brilliant|lovely|awesome|got it"
     r"|i see|makes sense|that makes sense|that helps|that's helpful|that is helpful"
     r"|very helpful|helpful|interesting|good to know|fair enough|right|alright|all right"
     r"|sure|understood|noted|yes|yeah|yep|no|nope"),
)  # fmt: skip
#: Words that only fill out a pleasantry ("thanks so much for your help").
_FILLER = (
    r"so much|very much|a lot|again|for that|for this|for the info|for your help|there|you|all"
)
_PHRASE = "|".join(f"(?:{words})" for _, words in _KINDS)
_ONLY = re.compile(rf"^(?:(?:{_PHRASE}|{_FILLER})\b\s*)+$")
_NOT_WORDS = re.compile(r"[^a-z' ]+")

#: How many of the library's topics the answer to "what can I ask?" names.
NAMED_TOPICS = 8
#: Questions about the library itself, reviewed: a question naming no drug or study that comes
#: clearly nearer one of them than any study (as near as a broad question must come to an
#: overview) gets ``library_reply`` (``Composers.asks_about_library``).
LIBRARY_QUESTIONS = (
    "what topics do you cover",
    "what can i ask you about",
    "what research do you have",
    "which studies are in the library",
    "what subjects can you answer questions about",
    "what kind of questions can you answer",
    "what is in your library",
    "how many summaries do you have",
    "what do you know about",
    "list all the topics",
    "what areas of ms research are covered",
    "what information do you have",
)

REPLIES: dict[SmallTalk, str] = {
    "greeting": (
        "Hello. I answer questions about multiple sclerosis from a library of plain-language "
        "summaries of research studies, and I say which studies each answer comes from and "
        "what their limits are. I can't give personal medical advice: your MS care team can. "
        "What would you like to know?"
    ),
    "thanks": "You're welcome. Ask another question whenever you like.",
    "goodbye": "Take care. You can come back with another question about MS research any time.",
    "acknowledgement": "Is there anything else you would like to know about MS research?",
    "library": "I answer questions from a library of plain-language summaries of MS research.",
}


def library_reply(summaries: Iterable[SummaryView]) -> str:
    """The answer to "what can I ask?": how many summaries the library holds, its
    commonest topics (by how many summaries are on each), and where all are listed."""
    views = list(summaries)
    counts = Counter(topic for view in views for topic in view.topics)
    named = ", ".join(topic for topic, _ in counts.most_common(NAMED_TOPICS))
    more = " and more" if len(counts) > NAMED_TOPICS else ""
    return (
        f"{REPLIES['library']} It holds {len(views)} summaries on {len(counts)} topics, "
        f"among them {named}{more}. The Explore page lists every topic and summary. I can't "
        "give personal medical advice: your MS care team can. What would you like to know?"
    )


def small_talk(text: str) -> SmallTalk | None:
    """The kind of pleasantry a message is, or None when it asks or tells anything else;
    of several ("hi, thanks!"), the first kind in ``_KINDS`` order."""
    plain = " ".join(_NOT_WORDS.sub(" ", text.lower().replace("’", "'")).split())
    if not plain or not _ONLY.match(plain):
        return None
    for kind, words in _KINDS:
        if re.search(rf"\b(?:{words})\b", plain):
            return kind
    return "acknowledgement"  # fillers alone ("you there")


def carrying(history: Sequence[Turn]) -> list[Turn]:
    """The conversation without its small-talk turns, which carry no topic: "what about
    side effects?" after "ok thanks" leans on the answer before the thanks."""
    return [turn for turn in history if small_talk(turn.question) is None]
