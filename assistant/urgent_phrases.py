"""Reviewed phrasings of what needs care today, for the urgent notice (safety.py): new or
worse symptoms over hours or days, infection on treatment, a reaction after an infusion,
possible PML on natalizumab, bleeding signs. The notice comes before the research, never in
place of it, so these may be broader than the crisis phrasings; each still has examples it
must route and ordinary ones it must not (tests/data/safety_phrases.yaml).
"""

from __future__ import annotations

#: Hours-to-days onset or worsening (not "over the years").
_NOW = (
    r"(today|tonight|this\s+(morning|afternoon|evening|week)|last\s+night|yesterday|"
    r"since\s+(yesterday|last\s+night|this\s+morning|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|the\s+weekend)|for\s+(the\s+)?((last|past)\s+)?(a\s+|an\s+|\d+\s+|one\s+|"
    r"two\s+|three\s+|four\s+|five\s+|few\s+|couple\s+(of\s+)?)?(hours?|days?)|(past|last)\s+(\d+|"
    r"two|three|four|few|couple(\s+of)?)\s+(hours?|days?)|getting\s+worse|woke\s+up|"
    r"all\s+of\s+a\s+sudden|out\s+of\s+nowhere|right\s+now)"
)
_SOON = rf"^(?=.*\b{_NOW})"
_WHO = r"(i|ive|i\s+have|im|i\s+am|my\s+\w+|he|she|hes|shes|he\s+has|she\s+has)"
_NATALIZUMAB = r"(tysabri|natalizumab|tyruko)"

#: Written from clinical knowledge by a helper who saw neither the bank nor any eval set,
#: then reviewed and narrowed (docs/safety.md).
URGENT_PHRASES = [
    # new numbness or weakness, now
    rf"{_SOON}.*\b({_WHO}\s+(\w+\s+){{0,5}}(new|sudden|suddenly)\s+(\w+\s+)?(numb\w*|tingl\w*|"
    r"weak\w*|pins\s+and\s+needles)|my\s+(left\s+|right\s+)?(legs?|arms?|hands?|foot|feet|face|"
    r"side|fingers)\s+(is|are|has|have|went|feels?)\s+(\w+\s+){0,3}(numb|weak|tingly|dead|useless|"
    r"giving\s+way))\b",
    rf"{_SOON}.*\b{_WHO}\s+(\w+\s+){{0,3}}(a\s+|some\s+)?new\s+(symptoms?|numbness|weakness|"
    r"tingling)\b",
    # vision, now
    rf"{_SOON}.*\b(i\s+(can'?t|cannot|can\s+barely)\s+see\s+(properly|out\s+of|clearly|much)|"
    r"(i'?m|im|i\s+keep)\s+seeing\s+double|"
    rf"{_WHO}\s+(got\s+|had\s+|woke\s+up\s+with\s+|been\s+having\s+)?(double|blurr?\w*|foggy|dim)\s+vision|"
    r"lost\s+(the\s+)?(vision|sight)\s+in\s+(my|his|her))\b",
    # eye pain on moving the eye (optic neuritis)
    r"\b((my|his|her)\s+(left\s+|right\s+)?eye\s+(hurts|aches)|pain\s+(behind|in)\s+(my|his|her)"
    rf"\s+(left\s+|right\s+)?eye)\b(?=.*\b({_NOW}|when\s+i\s+(move|look)|move\s+(it|my\s+eye)))",
    # balance or walking gone, now
    rf"{_SOON}.*\b({_WHO}\s+(suddenly\s+)?(can'?t|cannot|can\s+barely)\s+(walk|stand|balance)|"
    r"(i\s+keep|he\s+keeps|she\s+keeps)\s+(falling\s+over|stumbling)|(my|his|her)\s+(balance|"
    r"walking)\s+(is|has)\s+(\w+\s+){0,2}(gone|off|worse))\b",
    # cannot pass urine
    rf"\b{_WHO}\s+(can'?t|cannot|couldn'?t|haven'?t\s+been\s+able\s+to|hasn'?t\s+been\s+able\s+to)"
    r"\s+(pee|wee|urinate|pass\s+(urine|water)|empty\s+(my|his|her)\s+bladder)\b"
    rf"(?=.*\b(at\s+all|all\s+day|{_NOW}))",
    # a relapse happening now
    rf"{_SOON}.*\b(i'?m|im|i\s+am|am\s+i|i\s+think\s+i'?m|is\s+(he|she)|my\s+\w+\s+is)\s+(having|"
    r"in|starting|going\s+into)\s+(a\s+|another\s+)?(relapse|flare|flare\s+up|attack)\b",
    r"\b(my|his|her)\s+(symptoms|numbness|weakness|vision|balance|walking|speech|legs?)\s+(is|are|"
    r"has|have)\s+(been\s+)?(getting|got|gotten)\s+(\w+\s+)?worse\b.*\b(by\s+the\s+(hour|day)|"
    r"today|since\s+(yesterday|last\s+night|this\s+morning)|(last|past)\s+(\d+|two|three|few|"
    r"couple(\s+of)?)\s+(hours?|days?)|this\s+week)\b",
    # fever or infection on an MS treatment (not a vaccine)
    r"\b(i|ive|i'?m|im|he|she|my\s+\w+)\s+(have|has|got|'ve\s+got|am\s+running|is\s+running|"
    r"came\s+down\s+with|woke\s+up\s+with)\s+(a\s+|an\s+)?(high\s+|bad\s+)?(fever|temperature|"
    r"chills|uti|urine\s+infection|chest\s+infection|pneumonia)\b"
    r"(?!\s+(vaccin\w*|jab|shot|risk))",
    # burning on passing urine
    r"\b((it\s+)?(burns|stings|hurts)\s+(when|every\s+time)\s+(i|he|she)\s+(pee|wee|urinate)|"
    r"burning\s+when\s+(i|he|she)\s+(pee|wee|urinate))\b",
    # shingles or a blistering rash
    r"\b(i\s+think\s+(i|he|she)\s+(has|have|got)|i'?ve\s+got|ive\s+got|i\s+have|i\s+got|"
    r"my\s+\w+\s+has(\s+got)?|(he|she)\s+has)\s+(come\s+out\s+in\s+|developed\s+)?(a\s+)?(shingles|"
    r"(painful\s+)?(blistery|blistering)\s+rash)\b",
    # a reaction hours or a day after an infusion
    r"\b(rash|hives|welts|fever|temperature|swollen|swelling|wheez\w*)\b.{0,60}\b(after|since|"
    r"following)\s+(my|his|her|yesterday'?s|today'?s)\s+(\w+\s+)?(infusion|drip)\b"
    r"|\b(had|got)\s+(my|his|her)\s+(\w+\s+)?(infusion|drip)\s+(\w+\s+){0,3}(yesterday|today|"
    r"this\s+morning|last\s+night)\b.{0,60}\b(rash|hives|welts|fever|temperature|swelling)\b",
    # possible PML on natalizumab
    rf"^(?=.*\b{_NATALIZUMAB}).*\b((i'?m|im|i\s+feel|i'?ve\s+been|i\s+keep|he'?s|she'?s|my\s+\w+"
    r"\s+(is|has\s+been|seems))\s+(getting\s+|feeling\s+|really\s+|more\s+|so\s+)*(confused|clumsy|"
    r"clumsier|muddled|not\s+(himself|herself|myself)|slurring)|(my|his|her)\s+(personality|speech|"
    r"behaviou?r)\s+(has\s+|is\s+)?(changed|different|slurred))\b",
    # bleeding signs (alemtuzumab's immune thrombocytopenia)
    r"\b((i|and)\s+keep\s+getting|i'?ve\s+(got|noticed|been\s+getting)|ive\s+(got|noticed|been\s+getting)|"
    r"i\s+have|my\s+\w+\s+(has|keeps\s+getting))\s+(lots\s+of\s+|tiny\s+|random\s+|unexplained\s+)*"
    r"(bruises|nose\s?bleeds|red\s+(spots|dots)|purple\s+(spots|dots)|blood\s+in\s+(my|his|her)\s+"
    r"(pee|urine|wee))\b|\b(my|his|her)\s+gums\s+(are\s+|keep\s+|have\s+been\s+)?bleeding\b",
]
