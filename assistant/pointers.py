"""Whether a turn leans on the last one by its words: it starts a new topic ("unrelated,
but ..."), continues ("and ...", "what about ..."), or points back ("it", "the trial",
"do the relapses ...").

A pointer means what the turn itself named in a clause before it ("what are rim lesions
and why do they matter?"); otherwise it points at the last turn, and so does one in the
clause of the thing it is asked about ("is shingles a risk with it?"). Pure functions over
the question's text and its analysed words (``assistant.question``).
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from assistant.vocabulary import TOKEN, UNCOMMON_ZIPF, words_of
from assistant.word_class import word_classes

#: The asker says the turn starts a new topic ("new topic.", "different thing, salt",
#: "unrelated, but ..."): nothing is carried from the last turn.
NEW_TOPIC = re.compile(
    r"\b((on )?(a )?(new|different|another|separate|unrelated|other) (topic|thing|question|"
    r"subject|note)|unrelated|changing (the )?(topic|subject)|change of (topic|subject)|"
    r"switching (topics?|gears))\b",
    re.IGNORECASE,
)
#: "that" refers back only with nothing to point at before it in the turn itself ("was that
#: only in women?"), not in "is there a gene that ..." or "quitting smoking, does that ...".
_THAT = re.compile(r"\bthat\b", re.IGNORECASE)
#: Words that point back when alone and introduce a thing when they determine one.
_DEMONSTRATIVES = frozenset({"this", "these", "those", "that"})
_DEMONSTRATIVE = re.compile(rf"\b({'|'.join(sorted(_DEMONSTRATIVES))})\b", re.IGNORECASE)
#: At most this many words after a demonstrative name the thing it determines ("that
#: epstein-barr virus link", "those liquid-cooled vest").
_THING_SPAN = 3
#: What names a study by its subject: "that study on coffee", "the research about ...".
_STUDY_SUBJECT = re.compile(
    r"\s+(on|about|of|into|saying|showing|looking at|linking|where|that found)\b", re.IGNORECASE
)
#: What begins a new clause: a punctuation mark, a joining word, a question word. ("when"
#: and "while" are left out: "ok to drink when on it?" asks of the drug, not the drink.)
_CLAUSE_BREAK = re.compile(
    r"[,;:.?!]|\b(and|or|but|because|cos|if|so|why|how|what|which|who|where)\b", re.IGNORECASE
)
#: "do the relapses go down?" refers back when the last turn spoke of relapses.
DEFINITE = re.compile(r"^\s*(do|does|did|is|are|was|were|what did) the ([a-z]+)", re.IGNORECASE)
#: A follow-up continues the last turn with an opener ("and ...", "what about ...").
CONTINUES = re.compile(
    r"^\s*(and|but|so|also|then|what about|how about|what else|any other|anything else)\b",
    re.IGNORECASE,
)
#: A turn asking whether something happened to people ("any infections?", "were there
#: any deaths?", "did anyone get shingles?") says where only by the conversation: without
#: a scope of its own (the disease, a name), it asks it of the studies just cited. A bare
#: "any" asks so only of a short noun phrase: "any tips for growing tomatoes?" and "any
#: research on fasting?" carry their own scope; "did anyone study yoga?" asks of research.
ASKS_WHETHER = re.compile(
    r"^\s*((and|but|so|also|ok|okay)\s+)?(were there|was there|"
    r"(did )?(any ?one|any ?body|people|patients|participants|many|most|some|any of them) "
    r"(get|got|have|had|develop|developed|die|died|report|reported|need|needed|stop|stopped|"
    r"drop|dropped|quit|lose|lost|suffer|suffered|end up|ended up)\b|"
    r"any(?=(\s+[\w'-]+){1,3}\s*[?.!]*$))",
    re.IGNORECASE,
)
#: A turn naming the disease asks about MS ("is ms more common in women?", "any research on
#: sleep in ms?"), not about the people of the study just cited.
THE_DISEASE = re.compile(r"\b(ms|multiple sclerosis)\b", re.IGNORECASE)
#: Or it refers back to what the last turn was about: a pronoun, "the trial", "do the ...".
REFERS_BACK = re.compile(
    # Not a time ("these days", "this year") nor "worth it": they point at nothing said.
    r"\b((?<!worth )it|its|(this|these|those)(?! (days?|weeks?|months?|years?|mornings?|"
    r"nights?|evenings?|weekends?|time|summer|winter|spring|autumn)\b)|they|them|their|same|"
    # "the trials", "those studies": plurals point back as the singulars do.
    r"(the|that|these|those) (stud(y|ies)|trials?|drugs?|treatments?|research|results))\b"
    # "my infusions" in a conversation means the drug already named.
    r"|\b(my|his|her|our)\s+(infusions?|injections?|shots?|pills?|tablets?|doses?|drug|"
    r"medication|meds|treatment)\b",
    re.IGNORECASE,
)


def referents(subject: tuple[str, ...], names: dict[str, frozenset[str]]) -> tuple[str, ...]:
    """Subject words a pointer in the same turn can mean: names and uncommon words ("rim",
    "lesions"), not everyday ones that are as often verbs ("stick", "sick")."""
    return tuple(w for w in subject if w in names or zipf_frequency(w, "en") < UNCOMMON_ZIPF)


def refers_back(
    text: str, topic: tuple[str, ...], named: tuple[str, ...], things: tuple[str, ...] = ()
) -> bool:
    """Whether a pointer ("it", "they", "the trial") points at the last turn: it does
    unless the turn named something of its own (``named``: its ``referents``) in a clause
    before it, which the pointer then means ("what are rim lesions and why do they
    matter?"); "did people stick with it?" still points back, and so does a pointer in the
    clause of the thing it is asked about ("is shingles a risk with it?": a clause does not
    point at its own subject). "that" points back only with no topic word before it ("is
    there a gene that ..." is not a pointer). A demonstrative before one of ``things``
    (words that pick out one subject, not the field's vocabulary like "pill") introduces
    that thing ("that epstein-barr virus link everyone talks about", "those cooling
    vests"): it points back only when the last turn spoke of it, which the conversation
    then tells (``introduced``); and a pointer after one means it ("that yoga class
    trial, did it help?")."""
    for pointer in REFERS_BACK.finditer(text):
        before = _words_before(text, _clause_start(text, pointer.start()))
        if not before & {*named, *things} and not _introduces(text, pointer, things):
            return True
    that = _THAT.search(text)
    return (
        that is not None
        and not _words_before(text, that.start()) & set(topic)
        and not _introduces(text, that, things)
    )


def introduced(text: str, things: tuple[str, ...]) -> tuple[str, ...]:
    """The ``things`` the turn names after a pointer that introduces them ("that
    epstein-barr virus link", "the study on coffee"): whether they were spoken of before,
    only the conversation tells (``QuestionFacts.refers_to_last``)."""
    found: list[str] = []
    for pointer in [*_DEMONSTRATIVE.finditer(text), *REFERS_BACK.finditer(text)]:
        found += [w for w in _thing_after(text, pointer) if w in things and w not in found]
    return tuple(found)


def _introduces(text: str, pointer: re.Match[str], things: tuple[str, ...]) -> bool:
    """Whether a pointer determines one of ``things`` (``_thing_after``)."""
    return bool(set(_thing_after(text, pointer)) & set(things))


def _thing_after(text: str, pointer: re.Match[str]) -> list[str]:
    """The words a pointer may determine: after a demonstrative, the next few of its
    clause ("that cooling vest thing"); after "the study" or "that trial", those naming
    its subject ("that study on coffee and ms", "those studies saying you should start
    strong"); none after any other pointer ("it", "they")."""
    if pointer.group().lower() in _DEMONSTRATIVES:
        return _determined(text, pointer.end())
    subject = _STUDY_SUBJECT.match(text, pointer.end())
    return _determined(text, subject.end()) if subject else []


def _determined(text: str, start: int) -> list[str]:
    """The words a demonstrative may determine: the next few of its clause, up to a verb
    ("those women ended up ..." determines "women"; a verb's -ing form may describe a
    thing: "that cooling vest")."""
    after = text[start:]
    clause = after[: m.start()] if (m := _CLAUSE_BREAK.search(after)) else after
    words: list[str] = []
    for word in TOKEN.findall(clause)[:_THING_SPAN]:
        if word_classes(word) == {"VERB"} and not word.lower().endswith("ing"):
            break
        words.append(word.lower())
    return words


def _clause_start(text: str, end: int) -> int:
    """Where the clause holding position ``end`` begins: after the last punctuation mark,
    joining word or question word before it (0 when none)."""
    starts = [m.start() for m in _CLAUSE_BREAK.finditer(text, 0, end)]
    return starts[-1] if starts else 0


def _words_before(text: str, end: int) -> set[str]:
    return words_of(text[:end])
