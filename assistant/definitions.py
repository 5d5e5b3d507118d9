"""What a word means, in the library's own words.

"whats a lesion?" and "what does edss mean?" ask what a word means, and no single study is
about it, so the search finds nothing near enough and the answer abstained. The summaries
define their words in plain language as they go ("Lesions are areas of damage in the brain
or spinal cord."; "the EDSS, a standard scale where higher scores mean more disability"),
so the answer leads with the library's own defining sentence, cited to a summary that says
it. Nothing is added that a summary does not say.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.corpus import Corpus, SummaryView
from assistant.retrieval import as_retrieved
from assistant.steps import Draft
from assistant.vocabulary import other_spelling
from assistant.word_class import word_classes
from knowledge.cards import points_back
from knowledge.chunking import split_sentences

#: "what is pml?", "whats a lesion", "what are b cells", "what does edss mean?", "what does
#: dmt stand for": a term of one to three words and nothing else asked.
_ASKS_MEANING = re.compile(
    r"^\s*(?:so\s+|and\s+)?wh?at(?:'?s|\s+is|\s+are)\s+(?:an?\s+|the\s+)?(?P<term>[a-z][\w-]*"
    r"(?:\s+[a-z][\w-]*){0,2})\s*\??\s*$|^\s*wh?at\s+(?:does|do)\s+(?:an?\s+|the\s+)?"
    r"(?P<meant>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s+(?:mean|stand\s+for)\s*\??\s*$",
    re.IGNORECASE,
)
#: Pronouns, a closed class: "what is it?" asks about what was just said, not a word.
_POINTING = frozenset("it this that these those they them".split())


#: A term this share of the summaries use is the library's own subject ("ms" 1.0,
#: "multiple sclerosis" 0.79), named in passing everywhere and defined nowhere: its
#: "definitions" were clauses such as "relapsing MS, a daily fingolimod pill lowered ...".
#: The most used term a summary defines is "drug" (0.61).
EVERYWHERE_SHARE = 0.75


@dataclass(frozen=True)
class Definition:
    """A sentence of the library that says what a term means, and who says it."""

    sentence: str
    #: The summaries whose text has the sentence, the most credible first.
    summary_ids: tuple[str, ...]


def asked_term(question: str) -> str | None:
    """The term a question asks the meaning of ("whats a lesion" -> "lesion"), or None
    when it asks anything else."""
    found = _ASKS_MEANING.match(question)
    if found is None:
        return None
    term = (found.group("term") or found.group("meant")).lower()
    return None if set(term.split()) & _POINTING else term


def definition_of(term: str, corpus: Corpus) -> Definition | None:
    """The library's sentence defining ``term`` (``_defining``): the surest form first,
    then the sentence most summaries say, then the shortest. None when no summary
    defines it."""
    if all(corpus.share_using(t) > EVERYWHERE_SHARE for t in corpus.terms(term)):
        return None
    forms = _Forms.of(term)
    found: dict[str, list[SummaryView]] = {}
    surety: dict[str, int] = {}
    for view, sentence, after in _sentences_naming(term, corpus):
        said = _defining(forms, sentence, after)
        if said is None:
            continue
        text, sure = said
        surety[text] = min(surety.get(text, sure), sure)
        found.setdefault(text, []).append(view)
    if not found:
        return None
    best = min(found, key=lambda s: (surety[s], -len(found[s]), len(s)))
    views = sorted(found[best], key=lambda v: -(v.credibility or 0))
    return Definition(best, tuple(dict.fromkeys(v.id for v in views)))


@dataclass(frozen=True)
class _Forms:
    """The grammatical forms in which the summaries define a term."""

    #: As the subject: "Lesions are areas of damage ...", "NfL (...) is a blood marker".
    opens: re.Pattern[str]
    #: "Prevalence means how many people ...", "... refers to ...".
    means: re.Pattern[str]
    #: Described after a comma: "PML, a rare ...", "a randomized trial, meaning people
    #: were put into groups by chance", "by infusion, which means through a drip".
    described: re.Pattern[str]
    #: Named after what it is: "swelling at the back of the eye, called macular oedema".
    called: re.Pattern[str]

    @classmethod
    def of(cls, term: str) -> _Forms:
        """The forms for a term in either spelling ("edema", "oedema"), its words joined
        by spaces or hyphens ("meta analysis"), plural or not."""
        words = [
            "(?:" + "|".join(sorted({re.escape(w), re.escape(other_spelling(w))})) + ")"
            for w in term.split()
        ]
        # Not a part of a longer name ("MS" in "MS-SPI").
        name = r"[\s-]+".join(words) + r"(?:e?s)?(?![\w-])"
        subject = rf"^(?:an?\s+|the\s+)?{name}\s+(?:\([^)]*\)\s+)?"
        flags = re.IGNORECASE
        return cls(
            opens=re.compile(rf"{subject}(?:is|are)\s+", flags),
            means=re.compile(rf"{subject}(?:means|refers to|stands for)\s+", flags),
            described=re.compile(
                rf"\b{name},\s+(?:an?\s+\w|meaning\s|which means\s|also called\s)", flags
            ),
            called=re.compile(rf"\b(?:called|known as)\s+(?:an?\s+)?{name}\b", flags),
        )


#: A sentence that says what the one before named: "A painful Lhermitte sign affected
#: 16%. This is an electric-shock feeling when bending the neck."
_THIS_IS = re.compile(r"^(?:this|that|it)\s+(?P<verb>is|means)\s+", re.IGNORECASE)


def _defining(forms: _Forms, sentence: str, after: str) -> tuple[str, int] | None:
    """The text that defines the term in a sentence naming it (with the sentence after
    it, when that one says what the term is), and how sure the form is (0 surest)."""
    if (said_is := forms.opens.match(sentence)) and _says_what(sentence[said_is.end() :]):
        return sentence, 0
    if forms.means.match(sentence):
        return sentence, 0
    if forms.described.search(sentence):
        return sentence, 1
    # "This is called neuropathic pain": what it is was said in the sentence before.
    if forms.called.search(sentence) and not points_back(sentence):
        return sentence, 1
    if after and (this := _THIS_IS.match(after)):
        meaning = this.group("verb").lower() == "means"
        if meaning or _says_what(after[this.end() :]):
            return f"{sentence} {after}", 2
    return None


def _says_what(predicate: str) -> bool:
    """Whether what follows "is" says what a thing is ("a rare brain infection", "areas of
    damage", "stiff, tight muscles"), not something about it ("not always caused by MS",
    "more common in women"): an article, or a noun after at most three adjectives."""
    words = re.findall(r"[A-Za-z][\w-]*", predicate)[:4]
    if words and words[0].lower() in ("a", "an", "the"):
        return True
    for word in words:
        classes = word_classes(word)
        if "ADJ" not in classes:
            # An adverb ("not", "in", as the lexicon files it) ends the describing words.
            return "NOUN" in classes and "ADV" not in classes
    return False


def _sentences_naming(term: str, corpus: Corpus) -> Iterator[tuple[SummaryView, str, str]]:
    """Each sentence of the summaries' text that names the term (in either spelling),
    with its summary and the sentence after it."""
    names = {term.lower(), " ".join(other_spelling(w).lower() for w in term.split())}
    ids = dict.fromkeys(i for n in names for i in corpus.ids_using(corpus.terms(n)))
    for view in (corpus.summaries[i] for i in ids if i in corpus.summaries):
        for chunk in view.chunks:
            sentences = split_sentences(chunk.text)
            for i, sentence in enumerate(sentences):
                plain = " ".join(sentence.lower().replace("-", " ").split())
                if any(n in plain for n in names):
                    yield view, sentence, sentences[i + 1] if i + 1 < len(sentences) else ""


def lead_with_definition(draft: Draft, most: int) -> None:
    """The ``definition`` rule: a question asking what a word means ("whats a lesion?")
    leads with the library's sentence defining it, cited to a summary that says it (added
    first to the citations when none of those is cited). Any other question, or a word no
    summary defines, is left as it is."""
    assert draft.facts is not None
    if draft.focus:
        return  # a follow-up: "whats the dose" asks the dose of the trial just cited
    term = asked_term(draft.facts.corrected)
    found = definition_of(term, draft.corpus) if term else None
    if found is None:
        return
    cited = [item.view.id for item in draft.chosen]
    # A summary already cited says it, else the one the search ranked highest, since the
    # rest of the answer is that summary's: the search saw the question's other words.
    found_by_search = [s.view.id for s in draft.retrieval.summaries] if draft.retrieval else []
    ranked = [i for i in [*cited, *found_by_search] if i in found.summary_ids]
    said = ranked[0] if ranked else found.summary_ids[0]
    if said not in cited:
        draft.chosen = [as_retrieved(draft.corpus.summaries[said], 0.0), *draft.chosen][:most]
    draft.reached = list(dict.fromkeys([*draft.reached, said]))
    draft.pick_lead = (found.sentence, frozenset({said}))
    draft.note("definition", "lead", f"{said}: {found.sentence}")
