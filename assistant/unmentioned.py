"""What a question asks about a treatment that its cited summaries never mention.

"does kesimpta cause hair loss?" cites the ASCLEPIOS summary, which says nothing of hair.
Its results alone would read as the answer; the answer first says plainly 'The summary
“…” does not mention “hair loss”.' (the same for a follow-up, "does it cause weight
gain?", of the summaries it leans on). The asker's words are quoted: a summary may say the
thing in words the library's lay-word table does not know ("fits" for "seizures").

Pure functions over the question's analysis and the summaries' texts. The thing asked
about is read from the question's grammar: the words naming what the treatment is asked
to do to the body ("cause hair loss", "affect your kidneys", "raise the risk of
infections", "help with sleep"), the things a yes-or-no question asks with the treatment
as its object, pointed at or named ("is hair loss a problem with it?", "any shingles on
that drug?", "is wine ok while taking tecfidera?"), and the words no summary uses that the
selection read as asked of a drug the question names ("is mavenclad a type of chemo?");
never its framing ("my bladder is a nightmare"). A thing counts as mentioned when any of
its words, in any of its forms, or a library word the lay-word table gives for it, is in
a summary's text, title and card included, stemmed as the search stems it. A claim is
made only when every summary it names lacks the thing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence

from bm25s.stopwords import STOPWORDS_EN_PLUS

from assistant.acting import Terms
from assistant.aspects import asks
from assistant.audiences import PROFILES
from assistant.compose import summary_texts
from assistant.corpus import SummaryView
from assistant.drugs import generic_names
from assistant.models import Audience
from assistant.pointers import ASKS_WHETHER
from assistant.question import QuestionFacts, drug_summaries
from assistant.question_words import words_of_names
from assistant.retrieval import RetrievedSummary
from assistant.synonyms import expand_query
from assistant.vocabulary import TOKEN
from assistant.word_class import is_pronoun, lemmas, only_describes, word_classes

#: What a question asks a treatment does to the body: the thing follows ("does it cause
#: weight gain?", "can ampyra affect your kidneys", "is gilenya linked to skin cancer?",
#: "does it raise the risk of infections?"), after words such as "your", "you",
#: "people", "the risk of", "a lot of", "problems with" (``_BETWEEN``).
_BETWEEN = frozenset(
    "the your my his her their its our you me him them people any some all more less a an "
    "of this that these those lot lots bit risk risks chance chances "
    # A harm in general names no thing: "cause problems with your eyes" asks of the eyes.
    "problems problem issues issue trouble effects side with to thing things concern "
    "concerns worry worries catch catches downside downsides drawback drawbacks".split()
)
_EFFECT = re.compile(
    # "make" and "give" only with whom they act on: "make you gain weight", "give people
    # headaches"; not "make sense", "make a difference".
    r"\b(caus\w*|affect\w*|(mak(e|es|ing)|giv(e|es|ing))(?=\s+(you|your|people|them|him|"
    r"her|me|my|us|anyone|someone)\b)|rais\w*|increas\w*|trigger\w*|"
    r"upset\w*|damag\w*|harm\w*|hurt\w*|worsen\w*|(linked|link|lead|leads)\s+to|"
    r"interact\w*\s+with|mess\w*\s+with|bad\s+for|help\w*\s+with)\b",
    re.IGNORECASE,
)
#: The treatment as the object a thing is asked with ("is hair loss a problem with it?",
#: "any shingles on that drug?", "is acne a side effect of it?"): the things come before it.
_POINTER_OBJECT = (
    r"\b(with|on|from|of|while\s+(on|taking)|when\s+(on|taking))\s+(it|this|that|them)\b"
)
#: The same with the treatment named, where a few words may come between ("is wine ok
#: while taking tecfidera?", "grapefruit with the high dose simvastatin", "weight gain
#: since starting ocrevus"), but never another joining word: in "put on weight from
#: briumvi" the object joins at "from", so "weight" comes before it.
#: Not "of": after a named drug it ends a noun phrase ("is there evidence that big doses
#: of vitamin D help?" asks nothing with vitamin D as its object).
_JOINS = r"with|on|from|while|whilst|when|after|before|since"
_NAMED_OBJECT = (
    rf"\b({_JOINS})\s+((taking|using|starting|going\s+on|on)\s+)?"
    rf"((?!({_JOINS})\b)[\w-]+\s+){{0,3}}?({{names}})\b"
)
#: Who does something: the word after one is a verb ("can you drive on it?", "did people
#: stick with it?"), not a thing asked.
_DOERS = frozenset("i you u we they people ppl anyone someone he she".split())
#: A question word asks for a value ("what were the percentages who got worse on it?"):
#: the words before the pointer are what is measured, not a thing asked whether.
_ASKS_VALUE = re.compile(r"\b(what|how|which|who|whom|when|where|why)\b", re.IGNORECASE)
#: A thing is named within a clause: "cause flushing? a friend said ..." ends at "?".
_CLAUSE = re.compile(r"[.?!;,]+")
#: At most this many words name the thing after the effect ("kidney stones"), and at
#: most one more come between ("the risk of", "problems with your").
_THING_WORDS = 3


def asked_things(facts: QuestionFacts, unused: Collection[str] = ()) -> list[str]:
    """The things a question asks about a treatment besides its name, as it words them:
    what it asks the treatment does ("weight gain", "your kidneys" -> "kidneys", "make
    you catch more infections" -> "infections", "help with sleep"), what it asks with
    the treatment as the object ("is hair loss a problem with it?", "any shingles on
    that drug?"), what a turn asks happened in the trial just cited ("any liver
    problems?", "did anyone get shingles?": ``QuestionFacts.asks_whether``), and the
    ``unused`` words, which no summary of the library uses and
    which it asks of the drug ("alcohol", "chemo", "tattoo": ``missing_subject``). Other
    words of the question (its framing, "evidence", "my neurologist") are not asked of
    the drug."""
    # The drug's name and the words that told the aspect ("cause") are never the thing.
    asking = words_of_names(facts.names) | set(facts.aspect_words)
    things: list[str] = []
    for clause in _CLAUSE.split(facts.corrected):
        tokens = [t.lower() for t in TOKEN.findall(clause)]
        starts = {_after_effect(tokens, asking, clause, m.end()) for m in _EFFECT.finditer(clause)}
        starts |= {i for i, word in enumerate(tokens) if word in unused}
        starts |= _before_object(tokens, clause, facts.topic, _object_of(facts))
        if facts.asks_whether and (opener := ASKS_WHETHER.search(clause)):
            starts.add(_after_opener(tokens, asking, clause, opener.end()))
        for i in sorted(s for s in starts if s is not None and _names_something(tokens[s], asking)):
            thing = " ".join(_run(tokens, i, asking))
            if not any(thing in t or t in thing for t in things):
                things.append(thing)
    return things


def _object_of(facts: QuestionFacts) -> re.Pattern[str]:
    """What joins a thing to the treatment as its object in this question: a pointer, or
    a drug the question names, as it writes it ("tysabri" or "natalizumab")."""
    named = (n for n in facts.names if generic_names(n).lower() in facts.drugs)
    return _object_pattern(tuple(sorted(named, key=len, reverse=True)))


@functools.lru_cache(maxsize=256)
def _object_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """The pointer, or one of ``names`` (longest first) after what joins it."""
    alternatives = [_POINTER_OBJECT]
    if names:
        alternatives.append(_NAMED_OBJECT.replace("{names}", "|".join(map(re.escape, names))))
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _before_object(
    tokens: list[str], clause: str, topic: Collection[str], treatment: re.Pattern[str]
) -> set[int]:
    """The indexes of the topic words a yes-or-no clause asks with the treatment as its
    object ("hair" in "is hair loss a problem with it?", "wine" in "is wine ok while
    taking tecfidera?"): those before it, but not a verb after who does it ("drive" in
    "can you drive on it?") nor a word that may describe ("normal")."""
    found = treatment.search(clause)
    # A clause that tells ("Dad's on Ocrevus and his neighbour had shingles") asks nothing
    # of the treatment; one with a question word before it asks for a value.
    if found is None or not asks(clause) or _ASKS_VALUE.search(clause, 0, found.start()):
        return set()
    end = len(TOKEN.findall(clause[: found.start()]))
    return {
        i
        for i in range(end)
        if tokens[i] in topic
        and tokens[i] not in _BETWEEN
        and "ADJ" not in word_classes(tokens[i])  # "is that normal on this drug?"
        and (i == 0 or tokens[i - 1] not in _DOERS)
        and not _starts_effect(tokens, i)  # "mess" in "does caffeine mess with it?"
    }


def _starts_effect(tokens: list[str], i: int) -> bool:
    """Whether an effect begins at token ``i`` ("raises", "mess with"): it ends a thing."""
    return bool(_EFFECT.fullmatch(tokens[i]) or _EFFECT.fullmatch(" ".join(tokens[i : i + 2])))


def _run(tokens: list[str], start: int, asking: Collection[str]) -> list[str]:
    """The naming word at ``start`` and the naming words right after it ("kidney stones",
    "injection reactions")."""
    run = [tokens[start]]
    for i in range(start + 1, min(start + _THING_WORDS, len(tokens))):
        word = tokens[i]
        if word in _BETWEEN or not _names_something(word, asking) or _starts_effect(tokens, i):
            break
        run.append(word)
    return run


def _after_effect(tokens: list[str], asking: Collection[str], clause: str, at: int) -> int | None:
    """The index of the token naming what the effect ending at ``at`` is on: after words
    such as "your" and "the risk of", and after a verb that acts ("make you catch more
    infections"); None when no naming word follows in the clause."""
    verb_skipped = False
    first = len(TOKEN.findall(clause[:at]))
    for i in range(first, min(first + _THING_WORDS + 1, len(tokens))):
        word = tokens[i]
        if word in _BETWEEN:
            continue
        if not _names_something(word, asking):
            return None
        follows = tokens[i + 1] if i + 1 < len(tokens) else ""
        if not verb_skipped and "VERB" in word_classes(word) and follows in _BETWEEN:
            verb_skipped = True  # "catch" in "make you catch more infections"
            continue
        return i
    return None


def _after_opener(tokens: list[str], asking: Collection[str], clause: str, at: int) -> int | None:
    """The index of the token naming what a turn asks happened, after its opener ending at
    ``at`` ("liver" in "any liver problems?", "infections" in "were there any serious
    infections?"), past words such as "any" and words that only describe."""
    first = len(TOKEN.findall(clause[:at]))
    for i in range(first, min(first + _THING_WORDS + 1, len(tokens))):
        if tokens[i] in _BETWEEN or only_describes(tokens[i]):
            continue
        return i if _names_something(tokens[i], asking) else None
    return None


def _names_something(word: str, asking: Collection[str]) -> bool:
    """A word that may name the thing asked: a content word, not one of the ``asking``
    words (the drug's name, the words that told the aspect), not one that only describes
    or only acts, not an indefinite pronoun ("anybody")."""
    if word in asking or len(word) < 3:
        return False
    if any(ch.isdigit() for ch in word):
        return False
    if word in STOPWORDS_EN_PLUS or is_pronoun(word):  # grammar words ("out", "up")
        return False
    classes = word_classes(word)
    # A word the lexicon lacks ("tattoo", "chemo") is a thing the library does not know.
    return not classes or "NOUN" in classes


def unmentioned(things: Sequence[str], texts: Sequence[str], terms: Terms) -> list[str]:
    """The things none of ``texts`` mentions. A thing is mentioned when any of its words,
    in any of its forms, or a library word for it ("ppms": primary progressive MS), is
    in the texts (read as the search reads them): "hair fall" is, beside "hair thinning".
    A claim that a summary lacks something misleads; a missed one leaves the results."""
    said = {t for text in texts for t in terms(text)}
    return [thing for thing in things if not _mentioned(thing, said, terms)]


def _mentioned(thing: str, said: set[str], terms: Terms) -> bool:
    words = TOKEN.findall(expand_query(thing).lower())
    forms = {form for word in words for form in (word, *lemmas(word))}
    return any(t in said for form in forms for t in terms(form))


def unmentioned_sentence(titles: Sequence[str], things: Sequence[str]) -> str:
    """'The summary “…” does not mention “hair loss”.' ('The summaries “…” and “…” do
    not mention ...')."""
    quoted = [f"“{title}”" for title in titles]
    named = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    # The asker's own words, quoted: the summary may say it in others ("seizure").
    what = " or ".join(f"“{thing}”" for thing in things)
    if len(quoted) == 1:
        return f"The summary {named} does not mention {what}."
    return f"The summaries {named} do not mention {what}."


def unmentioned_line(
    facts: QuestionFacts, views: Sequence[SummaryView], terms: Terms, unused: Collection[str] = ()
) -> str:
    """The sentence saying that ``views`` (the summaries an answer leans on) mention none
    of the things the question asks about, or "" when one of them mentions any."""
    if not views:  # checked first: most answers name no drug and lean on nothing
        return ""
    things = asked_things(facts, unused)
    if not things:
        return ""
    texts = [text for view in views for text in summary_texts(view)]
    missing = unmentioned(things, texts, terms)
    return unmentioned_sentence([v.title for v in views], missing) if missing else ""


def unmentioned_lead(
    facts: QuestionFacts,
    chosen: Sequence[RetrievedSummary],
    leaned_on: Collection[str],
    follow_up: bool,
    terms: Terms,
    audience: Audience = "patient",
    unused: Collection[str] = (),
) -> tuple[str, frozenset[str]]:
    """The lead sentence and the ids of the summaries it names: for a follow-up, the
    cited summaries it leans on; for a question of its own, those naming or reporting on a
    drug it names ("Is herpes zoster more likely with Mavenclad?" weighs the shingles
    reports on cladribine, not only the trial that calls it Mavenclad).
    ("", empty) when there is no such summary or one of them mentions what is asked, and
    for clinicians, whose technical words the plain summaries often put otherwise."""
    if PROFILES[audience].capitals_gaps_only:
        return "", frozenset()
    if follow_up:
        about = [item for item in chosen if item.view.id in leaned_on] or list(chosen)
    else:
        named = drug_summaries(facts) | facts.reported_by
        about = [item for item in chosen if item.view.id in named]
    line = unmentioned_line(facts, [item.view for item in about], terms, unused)
    return (line, frozenset(item.view.id for item in about)) if line else ("", frozenset())
