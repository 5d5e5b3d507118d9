"""A crisis reading that rests on the library's topic words is read again without them.

The bank's crisis phrasings often talk about MS and its treatments ("praying the next
relapse is the one that takes me"), so the classifier can read an ordinary question that
shares those topics as a crisis ("i basically live on crisps. is all that sodium going to
make me relapse more?"). The re-reading writes each library topic word of the question as
"MS", so that the disease stays the agent ("hoping the PML gets me" is read as "hoping the
MS gets me"), and keeps the words that the bank's crisis phrasings use more often than its
other phrasings do (pills, burden, hoping). When the re-reading is not even near crisis
phrasings (it would not get crisis lines beside an answer), the crisis reading rested on
the topics: the classifier's next route is taken, and the crisis lines stay beside the
answer (recall first). Nothing here is tuned: the words come from the bank and the library.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from assistant.exemplars import BankRoute, Exemplar
from assistant.vocabulary import TOKEN, words_of


def route_words(exemplars: Sequence[Exemplar], route: BankRoute) -> frozenset[str]:
    """Words that a larger share of the route's exemplars use than of all the others."""
    inside, outside = Counter[str](), Counter[str]()
    count_in = count_out = 0
    for exemplar in exemplars:
        words = words_of(exemplar.text)
        if exemplar.route == route:
            inside.update(words)
            count_in += 1
        else:
            outside.update(words)
            count_out += 1
    if not count_in or not count_out:
        return frozenset(inside)
    return frozenset(w for w, n in inside.items() if n * count_out > outside[w] * count_in)


def without_topics(text: str, topics: Iterable[str], keep: frozenset[str]) -> str:
    """The text with each of its topic words written as "MS", but for words in ``keep``."""
    replaced = {w.lower() for w in topics} - keep
    return TOKEN.sub(lambda m: "MS" if m.group().lower() in replaced else m.group(), text)
