"""Reviewed phrasings of a treatment decision, for the care-team notice (safety.py).

A decision is someone weighing a change to their own (or a relative's) treatment: stopping,
skipping, delaying, spacing out, switching, replacing it with a diet or supplement,
changing the dose, starting, pregnancy or breastfeeding on it. The sentence embedding places
such messages by topic (a drug), beside research questions about the same drug, so the
classifier misses many; what makes a decision is the sentence's structure, which these
patterns read:

- a change to *my, his, her, our* treatment ("stop my copaxone", "hold off my next infusion");
- a person weighing a change ("i'm tempted to come off it", "thinking of ditching", "should
  he just stop") in a message that names a treatment;
- a treatment replaced ("swap her tablets for a juice cleanse", "probiotics instead of
  ocrevus?").

Research about the same changes ("what happens when people stop their ms drugs?", "did people
who switched do better?") names no one weighing it and does not match. The notice comes before
the research, never in place of it. Each pattern has examples it must route and research
questions it must not (tests/data/safety_phrases.yaml).
"""

from __future__ import annotations

from assistant.drugs import treatment_pattern

#: Every treatment word and drug name, from the one reviewed vocabulary (assistant/drugs.py).
_TREATMENT = treatment_pattern()
#: Someone weighing it: the writer, or the person they care for.
_PERSON = r"(i|i'm|im|i'd|id|i'll|i've|ive|we|we're|he|she|he's|hes|she's|shes)"
_OWN = r"(my|our|his|her)"
_WEIGHING = (
    r"(thinking|think|thought|tempted|considering|debating|planning|plan|want|wanting|wants|"
    r"wanna|keen|leaning|going|gonna|like|rather|wondering|weighing|deciding|decide)"
)
#: Asking whether to: "should i", "can he", "would it be mad to", "is it ok for me to".
_ASKING = (
    r"(should|could|can|do|shall|must|may|"
    r"(would|is)\s+it\s+(be\s+)?(ok|okay|safe|fine|mad|wise|dumb|stupid|crazy|silly|a\s+good\s+"
    r"idea|a\s+bad\s+idea)\s+(for\s+(me|him|her|us)\s+)?to)"
)
_CHANGE = (
    r"(stop(ping)?|quit(ting)?|com(e|ing)\s+off|get(ting)?\s+off|go(ing)?\s+off|drop(ping)?|"
    r"ditch(ing)?|replac(e|ing)|swap(ping)?|switch(ing)?|chang(e|ing)|hold(ing)?(\s+off)?|"
    r"postpon(e|ing)|push(ing)?\s+back|delay(ing)?|skip(ping)?|spac(e|ing)\s+out|"
    r"stretch(ing)?|doubl(e|ing)|halv(e|ing)|up(ping)?|lower(ing)?|reduc(e|ing)|taper(ing)?|"
    r"restart(ing)?|start(ing)?|stay(ing)?\s+on|keep\s+taking|tak(e|ing)\s+a\s+break|"
    r"go(ing)?\s+(on|onto|straight)|try(ing)?\s+for\s+a\s+baby|breastfeed(ing)?)"
)
#: The start of a clause, where "thinking of stopping" leaves out its "I".
_CLAUSE = r"(^|[.,;:!?]\s*|\b(and|but|so|honestly|seriously|kinda|really|tbh)\s+)"
_NAMES_TREATMENT = rf"^(?=.*\b{_TREATMENT}\b)"

DECISION_PHRASES = [
    # a change to one's own treatment
    rf"\b{_CHANGE}\s+{_OWN}\s+(next\s+|current\s+|\w+\s+)?{_TREATMENT}\b",
    # a person weighing a change, in a message naming a treatment
    rf"{_NAMES_TREATMENT}.*\b{_PERSON}\s+(\w+\s+){{0,2}}{_WEIGHING}\s+(\w+\s+){{0,2}}{_CHANGE}\b",
    rf"{_NAMES_TREATMENT}.*{_CLAUSE}(\w+\s+)?{_WEIGHING}\s+(of\s+|about\s+|to\s+)?(\w+\s+)?{_CHANGE}\b",
    rf"{_NAMES_TREATMENT}.*\b{_ASKING}\s+({_PERSON}\s+)?(just\s+)?{_CHANGE}\b",
    # a treatment replaced
    rf"\b(replace|replacing|swap|swapping|do\s+what)\b.{{0,30}}\b{_TREATMENT}\b",
    rf"\b(instead\s+of|rather\s+than|in\s+place\s+of)\s+({_OWN}\s+)?{_TREATMENT}\b",
]
