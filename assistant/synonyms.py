"""Everyday and brand names people use, mapped to the words the library uses.

Reviewed tables. A brand name is replaced by its generic name in the question
("is Briumvi better than Aubagio?" is asked as "is ublituximab better than
teriflunomide?"): the embedding model knows generic names far better. Everyday
words keep their place and the library's words are appended, so "mono" also
finds the Epstein-Barr summaries.
"""

from __future__ import annotations

import re

from assistant.drugs import BRAND_QUERIES

#: Brand name -> generic name, from the one reviewed drug vocabulary (assistant/drugs.py).
BRAND_NAMES: dict[str, str] = BRAND_QUERIES
EVERYDAY_WORDS: dict[str, str] = {
    "mono": "Epstein-Barr virus EBV", "glandular fever": "Epstein-Barr virus EBV",
    "kissing disease": "Epstein-Barr virus EBV", "spinal tap": "lumbar puncture spinal fluid",
    "neuro": "neurologist", "jab": "vaccine", "jabs": "vaccines", "shot": "injection vaccine",
    "nmo": "NMOSD neuromyelitis optica", "devic": "NMOSD neuromyelitis optica",
    "exhaustion": "fatigue", "exhausted": "fatigue", "tired": "fatigue", "tiredness": "fatigue",
    "wiped out": "fatigue", "wipes me out": "fatigue", "wipes her out": "fatigue",
    "wipes him out": "fatigue", "flare up": "relapse", "flare-up": "relapse",
    "flare ups": "relapses", "flare-ups": "relapses", "flares": "relapses",
    "brain fog": "cognition thinking memory", "foggy": "thinking memory",
    "forgetful": "memory thinking", "forgetting": "memory", "confused": "thinking memory",
    "rrms": "relapsing-remitting MS", "spms": "secondary progressive MS",
    "ppms": "primary progressive MS",
    "pee": "bladder", "peeing": "bladder", "incontinence": "bladder",
    "kids": "children pediatric", "kid": "child pediatric", "teenager": "teen teens",
    "paleo": "Wahls diet", "stem cell": "aHSCT stem cell transplantation",
    "hsct": "aHSCT stem cell transplantation", "cis": "clinically isolated syndrome first attack",
    "cholecalciferol": "vitamin D", "vit d": "vitamin D", "sunshine": "sun exposure",
    "cigarette": "smoking", "cigarettes": "smoking", "tobacco": "smoking",
    "weed": "cannabis marijuana", "pot": "cannabis marijuana", "ldn": "naltrexone",
    "flu shot": "flu vaccine",
    "cardio": "aerobic exercise", "workout": "exercise", "workouts": "exercise",
    "lifting weights": "strength resistance exercise", "weights": "strength resistance exercise",
    "gym": "exercise",
    "meditation": "mindfulness", "meditate": "mindfulness", "covid jab": "COVID-19 vaccine",
    "brain scan": "MRI", "spots on my mri": "lesions", "white spots": "lesions",
    "stopping": "stop", "discontinuation": "stopping",
    "medication": "drug medicine", "medications": "drugs medicines", "meds": "drugs medicines",
    "space out": "longer gap between doses, every 6 weeks instead of 4",
    "spacing out": "longer gap between doses, every 6 weeks instead of 4",
    "stretch out": "longer gap between doses, every 6 weeks instead of 4",
    "hereditary": "genetic genes", "inherited": "genetic genes", "inherit": "genetic genes",
    "runs in families": "genetic genes", "runs in the family": "genetic genes",
    "runs in my family": "genetic genes", "run in families": "genetic genes",
    "run in the family": "genetic genes", "run in my family": "genetic genes",
    # Studies of what causes MS are studies of the risk of getting it.
    "causes ms": "risk of getting MS", "cause ms": "risk of getting MS",
    "causes of ms": "risk of getting MS", "cause of ms": "risk of getting MS",
    "caused my ms": "risk of getting MS", "causes multiple sclerosis": "risk of getting MS",
    # Clinicians' abbreviations, spelled as the summaries spell them.
    "hr": "hazard ratio", "cdp": "confirmed disability worsening progression",
    "cdw": "confirmed disability worsening", "arr": "yearly relapse rate",
    "pira": "progression independent of relapse activity, worsening without relapses",
    "silent progression": "progression independent of relapse activity",
    # Life expectancy, as the survival studies put it.
    "life expectancy": "lived shorter lives survival", "lifespan": "lived shorter lives survival",
    "shorten your life": "lived shorter lives survival",
    "shorten my life": "lived shorter lives survival",
    "shorten life": "lived shorter lives survival", "die from ms": "survival cause of death",
    "die of ms": "survival cause of death",
    # Harms in lay words, as the safety findings put them.
    "fits": "seizure", "meningitis": "meningococcal disease",
}  # fmt: skip
SYNONYMS = BRAND_NAMES | EVERYDAY_WORDS


def _patterns(table: dict[str, str]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rf"\b{re.escape(k)}\b", re.IGNORECASE), v) for k, v in table.items()]


_BRANDS = _patterns(BRAND_NAMES)
_EVERYDAY = _patterns(EVERYDAY_WORDS)


#: Markup and what replaces it (a markdown link keeps its label).
_MARKUP = [
    # Script and style elements hold code, not words: dropped whole, content included.
    (re.compile(r"<(script|style)\b[^>]{0,300}>.*?</\1\s*>", re.IGNORECASE | re.DOTALL), " "),
    (re.compile(r"<\|?[a-z_]+\|?>", re.IGNORECASE), " "),  # chat-template tokens
    (re.compile(r"<[^>]{0,300}>"), " "),  # HTML tags
    (re.compile(r"\[([^\]]{0,200})\]\([^)]{0,300}\)"), r"\1"),  # markdown links
    (re.compile(r"\b(?:https?|javascript|data):\S*", re.IGNORECASE), " "),  # (script) URLs
]


def strip_markup(text: str) -> str:
    """The words of a question without HTML, links or template tokens (they are shown to
    the reader escaped, but must not steer retrieval)."""
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return " ".join(text.split()) or text


def expand_query(question: str) -> str:
    """The question with brand names replaced by generic names, plus the library's words
    for any everyday words in it."""
    for pattern, generic in _BRANDS:
        question = pattern.sub(generic, question)
    extra = [v for pattern, v in _EVERYDAY if pattern.search(question)]
    return f"{question} ({'; '.join(dict.fromkeys(extra))})" if extra else question
