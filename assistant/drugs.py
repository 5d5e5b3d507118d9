"""The one reviewed drug vocabulary, shared by safety triage and retrieval.

Every MS treatment the library studies and the common ones outside it, with brand
names and the other names people use. Retrieval asks for a brand by its generic
name (the embedding model knows generic names far better); triage treats any of
these names as a treatment in "should I stop my ...?". Change it with review:
``tests/test_drugs.py`` and the safety tests must stay green.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["disease-modifying", "nmosd", "symptom", "steroid", "supplement", "trial"]
#: How a treatment for the course of MS is given, as people name the drugs by it ("the ms
#: pills", "the infusions"); empty for the others.
Given = Literal["pill", "infusion", "injection", ""]


@dataclass(frozen=True)
class Drug:
    """One treatment and every name it goes by."""

    generic: str
    kind: Kind
    brands: tuple[str, ...] = ()
    #: Other names people type (old generic names, abbreviations, trial codes).
    aliases: tuple[str, ...] = ()
    #: What retrieval asks for in place of a brand, when not just the generic name.
    searched_as: str = ""
    given: Given = ""
    #: It removes B cells through CD20 ("the b cell drugs").
    anti_cd20: bool = False

    @property
    def query_words(self) -> str:
        """The words retrieval puts in place of a brand name."""
        return self.searched_as or self.generic

    @property
    def names(self) -> tuple[str, ...]:
        """Every lowercase name of the drug."""
        return (self.generic, *self.brands, *self.aliases)


DRUGS: tuple[Drug, ...] = (
    # Disease-modifying treatments for MS.
    Drug("natalizumab", "disease-modifying", ("tysabri", "tyruko"), given="infusion"),
    Drug("ocrelizumab", "disease-modifying", ("ocrevus",), given="infusion", anti_cd20=True),
    Drug("ofatumumab", "disease-modifying", ("kesimpta",), given="injection", anti_cd20=True),
    Drug("ublituximab", "disease-modifying", ("briumvi",), given="infusion", anti_cd20=True),
    Drug("rituximab", "disease-modifying", ("rituxan", "truxima", "ruxience"),
         searched_as="rituximab anti-CD20", given="infusion", anti_cd20=True),
    Drug("fingolimod", "disease-modifying", ("gilenya", "tascenso"), given="pill"),
    Drug("siponimod", "disease-modifying", ("mayzent",), given="pill"),
    Drug("ozanimod", "disease-modifying", ("zeposia",), given="pill"),
    Drug("ponesimod", "disease-modifying", ("ponvory",), given="pill"),
    Drug("teriflunomide", "disease-modifying", ("aubagio",), given="pill"),
    Drug("dimethyl fumarate", "disease-modifying", ("tecfidera",), ("dmf",), given="pill"),
    Drug("diroximel fumarate", "disease-modifying", ("vumerity",), searched_as="fumarate",
         given="pill"),
    Drug("monomethyl fumarate", "disease-modifying", ("bafiertam",), searched_as="fumarate",
         given="pill"),
    Drug("cladribine", "disease-modifying", ("mavenclad",), given="pill"),
    Drug("alemtuzumab", "disease-modifying", ("lemtrada",), given="infusion"),
    Drug("mitoxantrone", "disease-modifying", ("novantrone",), given="infusion"),
    Drug("glatiramer", "disease-modifying", ("copaxone", "glatopa"), ("glatiramer acetate",),
         given="injection"),
    Drug("interferon beta", "disease-modifying", ("avonex", "rebif", "betaseron", "betaferon",
         "plegridy", "extavia"), ("interferon",), given="injection"),
    # Treatments tried for the course of MS in the library's trials.
    Drug("tolebrutinib", "trial", given="pill"),
    Drug("evobrutinib", "trial", given="pill"),
    Drug("fenebrutinib", "trial", given="pill"),
    Drug("opicinumab", "trial", given="infusion"),
    Drug("ibudilast", "trial", given="pill"),
    Drug("clemastine", "trial", given="pill"),
    Drug("simvastatin", "trial", ("zocor",), given="pill"),
    Drug("biotin", "trial", (), ("md1003",), given="pill"),
    # NMOSD treatments.
    Drug("eculizumab", "nmosd", ("soliris",)),
    Drug("ravulizumab", "nmosd", ("ultomiris",)),
    Drug("satralizumab", "nmosd", ("enspryng",)),
    Drug("inebilizumab", "nmosd", ("uplizna",)),
    # Symptom treatments.
    Drug("fampridine", "symptom", ("ampyra", "fampyra"), ("dalfampridine",)),
    Drug("baclofen", "symptom", ("lioresal", "ozobax")),
    Drug("tizanidine", "symptom", ("zanaflex",)),
    Drug("gabapentin", "symptom", ("neurontin",)),
    Drug("pregabalin", "symptom", ("lyrica",)),
    Drug("amitriptyline", "symptom", ("elavil",)),
    Drug("duloxetine", "symptom", ("cymbalta",)),
    Drug("modafinil", "symptom", ("provigil",)),
    Drug("amantadine", "symptom", ("symmetrel",)),
    Drug("methylphenidate", "symptom", ("ritalin",)),
    Drug("oxybutynin", "symptom", ("ditropan",)),
    Drug("nabiximols", "symptom", ("sativex",), ("cannabis", "cbd"),
         searched_as="nabiximols cannabis"),
    Drug("onabotulinumtoxinA", "symptom", ("botox",)),
    Drug("naltrexone", "symptom", (), ("ldn",)),
    # Steroids for relapses.
    Drug("methylprednisolone", "steroid", ("solu-medrol", "solumedrol", "medrol"),
         ("iv steroids",)),
    Drug("prednisone", "steroid", ()),
    Drug("prednisolone", "steroid", ()),
    # Supplements people take or swap in.
    Drug("vitamin d", "supplement", (), ("vit d", "cholecalciferol")),
)  # fmt: skip

#: MS drugs asked about as a group, naming none: "ms drugs", "dmts", "the ms pills", "the
#: b cell infusions". The noun says how they are given, when it does.
_DRUG_CLASS = re.compile(
    r"\b(?:(?:ms|dmt|dmd|disease[- ]modifying)\s+(?P<noun>drugs?|meds?|medications?|medicines?|"
    r"pills?|tablets?|infusions?|drips?|injections?|injectables?)|dmts?|dmds?|"
    r"(?P<cd20>b[- ]cell|anti[- ]?cd20)\s+(?P<cd20_noun>drugs?|meds?|medications?|"
    r"treatments?|therap(?:y|ies)|infusions?|drips?))\b",
    re.IGNORECASE,
)
_GIVEN_AS: dict[str, Given] = {
    "pill": "pill", "tablet": "pill", "infusion": "infusion", "drip": "infusion",
    "injection": "injection", "injectable": "injection",
}  # fmt: skip


@dataclass(frozen=True)
class DrugGroup:
    """MS drugs a question asks about as a group: their generic names, and the library's
    topics for studies of the group as a whole (stopping them, when to start)."""

    drugs: tuple[str, ...]
    topics: tuple[str, ...]


#: The library's topics for studies of each group as a whole, by how it is named.
_GROUP_TOPICS: dict[str, tuple[str, ...]] = {
    "": ("disease-modifying therapy", "treatment strategy"),
    "pill": ("oral therapies",),
    "cd20": ("anti-cd20 therapy",),
}


def drug_class(text: str) -> DrugGroup | None:
    """The drugs for the course of MS (approved or on trial) that a text asks about as a
    group ("do the ms pills mess with your liver?": the pills), or None when it names no
    such group."""
    found = _DRUG_CLASS.search(text)
    if found is None:
        return None
    noun = (found.group("noun") or found.group("cd20_noun") or "").lower().removesuffix("s")
    given = _GIVEN_AS.get(noun, "")
    cd20 = found.group("cd20") is not None
    drugs = tuple(
        drug.generic
        for drug in DRUGS
        if drug.kind in ("disease-modifying", "trial")
        and (not given or drug.given == given)
        and (not cd20 or drug.anti_cd20)
    )
    return DrugGroup(drugs, _GROUP_TOPICS.get("cd20" if cd20 else given, ()))


#: Everyday words for a treatment, for "should I stop my ...?".
TREATMENT_WORDS: tuple[str, ...] = (
    "medication", "medicine", "meds", "drug", "treatment", "therapy", "dmt", "dmd", "dose",
    "doses", "dosage", "infusion", "injection", "jab", "pills", "pill", "tablets", "tablet",
    "shots", "shot", "steroids", "supplement", "supplements",
)  # fmt: skip

#: Brand name -> the words retrieval asks for instead.
BRAND_QUERIES: dict[str, str] = {brand: drug.query_words for drug in DRUGS for brand in drug.brands}


def treatment_pattern() -> str:
    """A regex alternation of every treatment word and drug name (longest first)."""
    names = {name for drug in DRUGS for name in drug.names} | set(TREATMENT_WORDS)
    # Longest first, so "dimethyl fumarate" wins over "fumarate"; then by name, so the
    # pattern (quoted in safety reasons) is the same in every process.
    ordered = sorted(names, key=lambda n: (-len(n), n))
    return "(" + "|".join(re.escape(n) for n in ordered) + ")s?"


_TO_GENERIC = {name: drug.generic for drug in DRUGS for name in (*drug.brands, *drug.aliases)}
_ANY_OTHER_NAME = re.compile(
    r"\b(" + "|".join(re.escape(n) for n in sorted(_TO_GENERIC, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def generic_names(text: str) -> str:
    """The text with every brand name and alias replaced by the generic name, so that
    "coming off my Tysabri" and "coming off my natalizumab" read alike."""
    return _ANY_OTHER_NAME.sub(lambda m: _TO_GENERIC[m.group().lower()], text)


_BRAND_OF = {brand: drug for drug in DRUGS for brand in drug.brands}


def brand_note(question: str, body: str) -> str:
    """The line that ties a brand the question used to the generic name the answer uses
    ("The studies use the generic name: Kesimpta is ofatumumab."), so a reader who knows
    only the brand sees the answer is about their drug; "" when there is none to tie.
    Only brands, which name the same drug; aliases such as "cbd" are retrieval aids."""
    tied: dict[str, str] = {}
    brands = (m.group().lower() for m in _ANY_OTHER_NAME.finditer(question))
    for brand in (b for b in brands if b in _BRAND_OF):
        drug = _BRAND_OF[brand]
        # The answer may use the generic name or another ("interferon shots" for Avonex).
        if mentions(body, (drug.generic, *drug.aliases)) and not mentions(body, (brand,)):
            tied.setdefault(_brand_display(brand), drug.generic)
    if not tied:
        return ""
    said = ", ".join(f"{brand} is {generic}" for brand, generic in tied.items())
    return f"The studies use the generic name{'s' if len(tied) > 1 else ''}: {said}."


def mentions(text: str, names: Iterable[str]) -> bool:
    """Whether the text names any of ``names`` as a whole word (in any case)."""
    return any(re.search(rf"\b{re.escape(n)}\b", text, re.IGNORECASE) for n in names)


def _brand_display(brand: str) -> str:
    """A brand as it is written on the box: "solu-medrol" -> "Solu-Medrol"."""
    return "-".join(part.capitalize() for part in brand.split("-"))
