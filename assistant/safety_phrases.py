"""Reviewed phrasings of danger, by kind: the second half of the first gate (safety.py).
The symptoms that need care today are in assistant/urgent_phrases.py.

Written from the Columbia Suicide Severity Rating Scale's kinds (passive wish, active
thoughts, method, intent, plan, preparation, attempts, self-harm), burden and
hopelessness, someone reporting another person's crisis, and overdoses already taken.
A match here is final (the research answer is withheld), so each pattern is anchored on
a person and on intent, and carries its counter-examples: tests/data/safety_phrases.yaml
holds, per pattern, messages it must route and ordinary ones with the same words it must
not. Messages are matched as typed: lowercase, "im", "dont", "wont" are common.
"""

from __future__ import annotations

#: A person's own intent ("i", "i'm", "ive" ...), apostrophes optional.
_I = r"(i|i'?m|im|i\s+am|i'?ve|ive|i\s+have|i'?ll|ill|i'?d|id)"
#: Someone close, or he / she.
_THEY = r"(he|she|they|my\s+\w+|(a|my|our)\s+(friend|mate|colleague))"
_ANYMORE = r"(any\s?more|any\s+longer)"
_PILLS = (
    r"(pills|tablets|meds|medications?|capsules|painkillers|opioids|baclofen|gabapentin|"
    r"pregabalin|amitriptyline|tramadol|codeine|paracetamol|tizanidine|oxy\w*)"
)
#: What may follow "wants to die" without danger ("at home", "peacefully").
_DYING_WELL = (
    r"(at\s+home|in\s+(peace|my\s+sleep|hospital|a\s+hospice)|peacefully|naturally|"
    r"with\s+dignity)"
)

#: Something that began within the last hours: "20 mins ago", "half an hour ago", "an hr
#: ago", "in the last 15 minutes", "since lunch". One definition of "just now" for the
#: stroke signs below and for what safety.py reads as happening now. Days are not hours:
#: "since yesterday" is the urgent notice's (urgent_phrases.py).
_AMOUNT = r"(\d+|a|an|one|two|three|four|five|ten|fifteen|twenty|thirty|forty|few|couple(\s+of)?)"
_HOURS_UNIT = r"(secs?|seconds?|mins?|minutes?|hrs?|hours?)"
WITHIN_HOURS = (
    rf"(({_AMOUNT}|half\s+an?)\s*-?\s*{_HOURS_UNIT}\s+ago|"
    rf"(in|within|over)\s+the\s+(last|past)\s+(({_AMOUNT}|half)\s+)?(an?\s+)?{_HOURS_UNIT}|"
    r"since\s+(lunch|lunchtime|breakfast|dinner|tea))"
)

#: Something told as long past: "years ago", "a couple of years back", "in 2019", "last
#: year", "when i was 17", "as a teenager". With nothing recent beside it, an event so told
#: is history (safety.py): "had a seizure once years ago, is epilepsy more common in ms?".
LONG_AGO = (
    r"(((\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|few|couple(\s+of)?|many|"
    r"several)\s+)?(years?|yrs?)\s+(ago|back|before|earlier)|(back\s+)?in\s+(19|20)\d\d|"
    r"last\s+year|ages\s+ago|when\s+(i|he|she)\s+was\s+(\d+|a\s+(kid|child|teen\w*|baby))|"
    r"as\s+a\s+(kid|child|teen\w*))"
)

CRISIS_PHRASES = [
    # passive wish: "i just want to die", "i wanna be dead"
    r"\bi\s+(just\s+|really\s+|honestly\s+|kinda\s+|sometimes\s+|genuinely\s+|still\s+)*"
    r"(want|wanna|wish|need)\s+(to\s+)?(just\s+)?(die|be\s+dead)\b"
    rf"(?!\s+({_DYING_WELL}|of\s+|my|her|his|it|them))",
    # passive wish: stop existing, not be here, disappear for good
    r"\bi'?d?\s+(just\s+|really\s+)?(want|wish|would\s+like|long)\s+(to\s+|i\s+could\s+|i\s+was\s+|"
    r"i\s+were\s+)?(just\s+)?(stop\s+existing|not\s+exist|not\s+be\s+alive|"
    r"disappear\s+(forever|for\s+good|permanently)|vanish\s+(forever|for\s+good)|"
    r"not\s+be\s+here\s+(any\s?more|at\s+all)|be\s+gone\s+(forever|for\s+good|from\s+this\s+world))\b",
    # passive wish: never born, not alive
    r"\bwish(ed|ing)?\s+i\s+(wasn'?t|was\s+not|weren'?t|were\s+not|had\s+never\s+been|"
    r"hadn'?t\s+been|was\s+never|never)\s+(alive|existed|born)\b(?!\s+with)",
    # passive wish: not waking up, sleeping forever
    r"\bi\s+(just\s+|really\s+)?(hope|wish|pray)\s+(that\s+)?(i\s+)?(could\s+)?(just\s+)?"
    r"((don'?t|won'?t|never|do\s+not|will\s+not|wouldn'?t)\s+wake\s+up\b"
    r"(?!\s+(with|at|in|on|from|feeling|because|so|during|every|tired|early|before|again))|"
    r"(go\s+to\s+)?sleep\s+(forever|and\s+never\s+wake))",
    # passive wish: don't want to be here any more
    rf"\bi\s+(just\s+|really\s+|honestly\s+)?(don'?t|do\s+not)\s+want\s+to\s+((be\s+here|be\s+around|"
    rf"be\s+alive|live|keep\s+living|wake\s+up)\s+{_ANYMORE}\b|exist\b|be\s+alive\s*([.!,]|$))",
    # passive wish: rather be dead (not "rather die than use a wheelchair": left to the model)
    r"\b(i'?d|i\s+would)\s+(honestly\s+)?(rather|sooner)\s+(be\s+dead|die|not\s+be\s+(here|alive)|"
    r"not\s+exist)\b(?!\s+(tired|my|our|the|it)\b)"
    r"(?!\s+than\s+(use|be\s+in|go\s+in|end\s+up\s+in|need|have|get|take|be\s+on)\b)",
    # active thoughts: thinking about suicide, ending it, killing myself
    rf"\b({_I}|i\s+keep|been)\s+(\w+\s+){{0,2}}?(think\w*|thought|fantasi[sz]\w*|obsess\w*)\s+"
    r"(a\s+lot\s+)?(about|of)\s+(suicide|ending\s+(it|things|my\s+life|everything)|killing\s+myself|"
    r"not\s+being\s+(here|alive)|not\s+existing|being\s+dead)\b"
    r"(?!\s+(rates?|risk|research|studies|statistics|prevention|in\s+(ms|people|patients)|among|"
    r"data|with))",
    # active thoughts: dying, all the time
    r"\bi\s+(keep|can'?t\s+stop)\s+think\w*\s+(about|of)\s+(dying|death)\b(?!\s+(my|our|rates?|in|risk))"
    r"|\bi\s+think\s+(about|of)\s+(dying|death|suicide)\s+(all\s+the\s+time|every\s+(day|night)|"
    r"constantly|a\s+lot)\b",
    # active: internet slang
    r"\b(wanna|want\s+to|gonna|going\s+to|might|i'?ll|about\s+to|ready\s+to)\s+(kms|ctb|"
    r"self[- ]?delete|unalive\s+myself)\b|\bunaliv\w*\s+(my|him|her|them)sel(f|ves)\b",
    # active: ending it, ending things
    rf"\b{_I}\s+(\w+\s+)?(want|wanna|going|gonna|planning|plan|ready|decided|thinking\s+(about|of)|"
    r"about)\s+(to\s+)?end(ing)?\s+(things|it|everything|my\s+suffering|it\s+all)\b"
    r"(?!\s+(with|between|early|here|there|for\s+now))",
    # active: checking out for good
    r"\bcheck(ing)?\s+out\s+(for\s+good|of\s+(this\s+)?life|of\s+this\s+world|permanently)\b"
    r"|\bready\s+to\s+check\s+out\s*([.!]|$)"
    r"|\btime\s+(for\s+me\s+)?to\s+end\s+(it|things|everything)\b(?!\s+with)",
    # hopelessness: given up on life
    r"\b(i|i'?ve|ive|he|she|he'?s|she'?s|hes|shes|my\s+\w+)\s+(has\s+|have\s+|just\s+|completely\s+)*"
    r"(given|giving|gave)\s+up\s+on\s+(life|living|being\s+alive)\b",
    # hopelessness: no reason or point to keep going
    r"\b(no|no\s+real|what'?s\s+the|what\s+is\s+the|any)\s+(reason|point|purpose)\s+(to|in|of|for)\s+"
    r"(me\s+)?(keep(ing)?\s+going|carry(ing)?\s+on|go(ing)?\s+on|be(ing)?\s+here|be(ing)?\s+alive|"
    r"stay(ing)?\s+alive|exist(ing)?|stick(ing)?\s+around|hang(ing)?\s+on)\b"
    r"(?!\s+(with|on|taking|doing|to|at|in\s+the|for\s+the|this|the))",
    # hopelessness: can't keep going any more (not "can't do this" or "live like this")
    r"\bi\s+(just\s+|really\s+|honestly\s+)?(can'?t|cannot)\s+(keep\s+going|carry\s+on|go\s+on|"
    rf"keep\s+living)\s+({_ANYMORE}|much\s+longer)\b"
    r"(?=\s*([.!,]|$|\s+(i|im|i'?m|honestly|really|please|and\s+i|nobody|no\s?one)\b))",
    # burden: they would be better off if I was gone
    r"\b(everyone|everybody|my\s+(family|kids|children|husband|wife|partner|son|daughter|parents|"
    r"mum|mom)|they|he|she)\s+(would|will|'d|d)\s+be\s+(so\s+|much\s+|a\s+lot\s+|far\s+)*"
    r"(better\s+off|happier|free|freer|relieved)\s+(if\s+i\s+(was|were|am)\s+(gone|dead|not\s+here|"
    r"not\s+around)|if\s+i\s+(wasn'?t|weren'?t)\s+(here|around|alive)|if\s+i\s+(died|"
    r"didn'?t\s+exist|disappeared)|with\s+me\s+gone|(once|when)\s+i'?m\s+gone|without\s+me)\b",
    # burden: nobody would notice or miss me
    r"\b(no\s?one|nobody|who)\s+(would|will|'d)\s+(even\s+|really\s+)?(notice|care|miss\s+me|"
    r"mourn\s+me)\b.{0,20}\b(if|when|once)\s+i\s+(was|were|'?m|am|wasn'?t|weren'?t)?\s*"
    r"(gone|dead|died|disappeared|killed\s+myself|ended\s+it)\b"
    r"|\b(no\s?one|nobody)\s+(would|will|'d)\s+(even\s+|really\s+)?(miss|mourn)\s+me\b",
    # burden: I'm a burden, better off dead
    r"\b(i'?m|im|i\s+am|i\s+feel\s+like|i'?ve\s+become|ive\s+become)\s+(\w+\s+){0,2}?"
    r"(burden|waste\s+of\s+space)\b.{0,60}\b(better\s+off|without\s+me|i\s+was\s+gone|"
    r"i\s+were\s+gone|dead|end\s+it|be\s+here\s+any\s?more|disappear|can'?t\s+go\s+on)\b",
    # plan: a date or time picked
    r"\b(picked|chosen|set|decided\s+on|fixed)\s+(a|the|my)\s+(date|day|time)\s+(to|for|when)\s+"
    r"(i'?ll\s+|i\s+)?(do\s+it|die|end\s+it|end\s+things|check\s+out|go)\b"
    r"(?!\s+(to|for|on|away|back|home|in|into|abroad|ahead|with|and\s+get))",
    # plan: decided how and when (future, first person: not "how to do it")
    r"\b(i'?ve|ive|i\s+have|i)\s+(already\s+)?(decided|worked\s+out|planned|figured\s+out)\s+"
    r"(exactly\s+)?(when\s+and\s+how|how\s+and\s+when|how|when)\s+(i'?d|id|i'?ll|ill|i\s+will|"
    r"i'?m\s+going\s+to|im\s+going\s+to)\s+(do\s+it|go|end\s+it|end\s+things|die)\b"
    r"(?!\s+(to|with|about|on|at|for|my|the|this|back|home))",
    # intent: doing it when others are out or asleep
    r"\b(i'?m|im|i\s+am|i'?ll|ill|i\s+will|gonna)\s+(going\s+to\s+)?do\s+it\s+(tonight\s+|"
    r"tomorrow\s+)?when\s+(everyone|everybody|they|he|she|the\s+kids|my\s+\w+)\s*('?s|'?re|\s+is|"
    r"\s+are)?\s+(asleep|out|away|at\s+work)\b",
    # method: the painless or reliable way to go or to die
    r"\b(painless|pain-free|peaceful|least\s+painful|reliable|surest|gentlest)\s+(way|method|means)s?"
    r"\s+(to|of)\s+go\s*([,.?!]|$)",
    r"\b(painless|pain-free|quick|quickest|easiest|peaceful|reliable|surest|best|least\s+painful|"
    r"fastest)\s+(way|method|means)s?\s+(to|of)\s+(die\b(?!\s+(my|your|her|his|the|it|hair))|"
    r"dying|end\s+(it|things|my\s+life)|kill\s+(myself|yourself|me)|not\s+wake\s+up|"
    r"commit\s+suicide)",
    # method: looking up ways
    r"\b(googl\w*|research\w*|look\w*\s+up|search\w*|read\w*\s+(up\s+)?(about|on))\s+(\w+\s+){0,3}?"
    r"(ways|methods|how)\s+to\s+(die\b(?!\s+(my|your|hair))|kill\s+(myself|yourself|me)|"
    r"end\s+(it|my\s+life|things)|hang\s+myself|commit\s+suicide|not\s+wake\s+up|"
    r"stop\s+(my|your)\s+heart)"
    r"|\b(googl\w*|research\w*|look\w*\s+up|search\w*)\s+(\w+\s+){0,3}?methods\b"
    r"(?!\s+(of|for|in|to|used|section))",
    # method: how much would stop the heart or kill me
    r"\bhow\s+(much|many)\b.{0,60}\b(to\s+|would\s+|will\s+|does\s+it\s+take\s+to\s+)"
    r"(stop\s+(my|the|your|someone'?s)\s+(heart|breathing)|kill\s+(me|you|"
    r"myself)|make\s+(me|you)\s+(die|stop\s+breathing|not\s+wake\s+up)|never\s+wake\s+up|"
    r"not\s+wake\s+up|end\s+it)\b",
    # method: a lethal dose for me
    r"\b(lethal|fatal|deadly)\s+(dose|amount|quantity|number)\b.{0,50}\b(for\s+me|for\s+someone\s+"
    r"(my|of\s+my)\s+(size|weight|age)|at\s+my\s+weight|for\s+my\s+(weight|size)|i\s+weigh|"
    r"if\s+i\s+(took|take|swallowed))\b",
    # method: enough to kill me
    r"\benough\s+to\s+(kill\s+(me|myself)|end\s+it|not\s+wake\s+up|never\s+wake\s+up|"
    r"stop\s+my\s+(heart|breathing))\b",
    # method: asked "not for research", or an overdose "on purpose"
    r"^(?=.*\b(not|isn'?t)\s+(for|asking\s+for|about)\s+(research|a\s+study|a\s+project|school|"
    r"an\s+essay|science|a\s+paper)\b)(?=.*\b(lethal|overdos\w*|stop\s+(my|the|your)\s+"
    r"(heart|breathing)|never\s+wake)\b)",
    r"^(?=.*\bon\s+purpose\b)(?=.*\b(i|i'?ve|ive|i'?m|im|me|my|he|she|he'?s|she'?s)\b)"
    r"(?=.*\b(overdos\w*|od|took|taken|swallowed)\b)"
    r"(?=.*\b(too\s+(much|many)|lethal|whole|all\s+of\s+(them|my)|a\s+(load|bunch|lot)|"
    r"overdos\w*|od)\b)",
    # preparation: stockpiling (not for travel or shortages)
    r"\b(i|i'?ve|ive|i\s+have|i'?m|im|been|he|she|he'?s|she'?s|has|my\s+\w+)\s+(been\s+|got\s+|a\s+)?"
    rf"(stockpil|hoard|stash|squirrel)\w*\s+(away\s+|of\s+)?(\w+\s+){{0,3}}?(repeats|prescriptions|"
    rf"scripts|{_PILLS})\b"
    r"(?!.{0,30}\b(before|ahead\s+of|during|for\s+(the\s+)?(holiday|trip|travel|brexit|shortage|"
    r"lockdown|winter)|in\s+case)\b)",
    # preparation: keeping the pills instead of taking them
    r"\b(collect\w*|sav\w*|keep\w*|kept|stor\w*|hid\w*|put\w*\s+aside)\s+(\w+\s+){0,3}?(repeats|"
    r"prescriptions|pills|tablets|meds|them)\b.{0,40}\b(not|never|without|instead\s+of)\s+(been\s+)?"
    r"(taking|using|swallowing)\b",
    # preparation: giving away pets and belongings
    r"\b(giv(e|es|ing|en)|gave|rehom\w*|find\w*\s+(a\s+)?(new\s+)?homes?\s+for)\s+(away\s+)?"
    r"(all\s+(of\s+)?)?(my|his|her|their)\s+(\w+\s+)?(dogs?|cats?|pets?|things|belongings|"
    r"possessions|jewell?e?ry)\b"
    r"(?!.{0,40}\b(because|since|as\s+(we|i)'?re\s+moving|moving|allerg\w*|shop|charity|can'?t\s+"
    r"(look\s+after|walk|care))\b)",
    # preparation: won't need it any more (not a hope: "if the trial works", or a question)
    r"\b(i|i'?ll|ill|he|she|they|he'?ll|she'?ll)\s+(won'?t|will\s+not|wouldn'?t|will\s+no\s+longer)"
    r"\s+(be\s+)?need(ing)?\s+(it|them|these|those|this|that|(my|his|her|their|the|any\s+of)\s+"
    r"(\w+\s+)?\w+)\s+(any\s?more|much\s+longer|for\s+much\s+longer|where\s+(i'?m|im|he'?s|"
    r"she'?s)\s+going|after\s+(tonight|tomorrow|this\s+week|i'?m\s+gone))\b(?!\s*\?)"
    r"(?![^.?!]{0,40}\b(if|once|when|after\s+the|because|since|thanks|now\s+that|unless|"
    r"as\s+long|remission)\b)",
    # preparation: won't be around much longer
    r"\b(i|i'?ll|ill|i\s+will|i'?m|im|he|she)\s+(probably\s+)?(won'?t|will\s+not|not\s+going\s+to|"
    r"not\s+gonna)\s+be\s+(around|here|alive)\s+(much\s+longer|any\s?more|for\s+(long|much\s+longer)|"
    r"to\s+see\s+(christmas|another|next|my|the\s+(kids|summer|new\s+year))|by\s+(christmas|"
    r"next\s+year|then))\b(?!\s*\?)",
    # preparation: won't be a burden much longer
    r"\b(i|i'?ll)\s+(won'?t|will\s+not)\s+be\s+(a\s+burden|anyone'?s\s+burden|a\s+problem|"
    r"your\s+problem|anyone'?s\s+problem)\s+(much\s+longer|"
    r"for\s+(much\s+)?long|any\s?more|soon)\b",
    # preparation: goodbye letters, last letters
    r"\b(writ(e|ing|ten)|wrote|left|leave|leaving|record\w*|made|making|sent|send\w*|film\w*|"
    r"prepar\w*)\s+(\w+\s+){0,2}?(goodbye|good-bye|farewell)\s+(letters?|notes?|cards?|videos?|"
    r"messages?)\b",
    # preparation: saying goodbye to everyone
    r"\b(i'?ve|ive|i\s+have|i'?m|im|i\s+am|he'?s|she'?s|he\s+has|she\s+has)\s+(been\s+)?(said|saying)"
    r"\s+(my\s+|his\s+|her\s+)?goodbyes?\s+to\s+(everyone|everybody|my\s+(family|friends|kids|"
    r"children)|all)\b(?!.{0,40}\b(mov\w*|retir\w*|job|work|office|team|school|uni|group|clinic|"
    r"leav\w*|party|wedding|holiday|trip))"
    r"|\bthis\s+(is|will\s+be)\s+(my\s+)?goodbye\b(?!\s+(for\s+now|to\s+the|from|message\s+to))",
    # the illness as a way out: hoping it kills or gets me
    r"\b(hope|hoping|wish|pray|praying|wishing)\s+(that\s+)?(the\s+|this\s+|my\s+|a\s+|it\s+|ms\s+|"
    r"pml\s+)?(\w+\s+){0,3}?(kills|will\s+kill|would\s+kill|takes|will\s+take|gets|will\s+get|"
    r"finishes)\s+me\b(?!\s+(back|to|into|through|out|up|going|moving|walking|better|a|an|the|some|"
    r"more|over|on|in|off|down|home|somewhere|there|accepted|approved|sorted|access|enough))",
    r"\b(hope|hoping|wish|pray\w*)\s+(that\s+)?(i|it|this)\s+(\w+\s+){0,4}?and\s+(die|dies|i\s+die|"
    r"don'?t\s+recover|never\s+recover|never\s+wake\s+up)\b"
    r"|\b(hope|hoping|wish|pray\w*)\s+(that\s+)?i\s+(get|catch|develop)\s+(pml|sepsis|pneumonia|"
    r"something\s+(fatal|terminal))\b",
    r"\b(wouldn'?t|would\s+not)\s+mind\s+if\s+(it|this|the\s+\w+|ms|pml|covid)\s+(killed|took|got|"
    r"finished)\s+me\b(?!\s+(to|into|back|out|a|an|the))",
    # method: jumping
    r"\b(jump\w*|throw\w*\s+(my|him|her)sel(f|ves)|leap\w*)\s+(off|from)\s+(a|the|my|our|his|her|"
    r"that)\s+(\w+\s+)?(bridge|balcony|building|roof|cliff|car\s+park|multi-?storey|window|tower|"
    r"ledge|flyover|overpass)\b(?!\s+(into|in\s+to))"
    r"|\bthrow\w*\s+(my|him|her|them)sel(f|ves)\s+(in\s+front\s+of|under|off)\b",
    # method: in front of a train or into traffic
    r"\b(step|walk|run|jump|lie\s+down|lay\s+down)(ping|ped|ed|ing|s)?\s+(out\s+)?(in\s+front\s+of|"
    r"under)\s+((a|the|an|oncoming|moving)\s+)?(\w+\s+)?(train|traffic|bus|lorry|truck|tube|car)\b"
    r"|\b(step|walk)(ping|ped|ed|ing|s)?\s+(out\s+)?into\s+(the\s+)?(oncoming\s+)?traffic\b",
    # method: into the sea, off the road
    r"\b(walk|wade|swim)\w*\s+(out\s+)?into\s+the\s+(sea|ocean|lake|river|waves)\s+(and\s+(not|never)"
    r"\s+(come|coming)\s+back|and\s+keep\s+(walking|going|swimming))\b"
    r"|\b(want\w*|wanna|thinking\s+(about|of)|thought\s+(about|of)|tempted|"
    r"could\s+just)\s+(to\s+)?(just\s+)?(walk|wade|swim)\w*\s+(out\s+)?into\s+the\s+(sea|ocean|lake|"
    r"river|waves)\b(?!\s+(for|to\s+cool|with|on\s+holiday|again|every))",
    r"\b(want\w*|thinking\s+(about|of)|thought\s+(about|of)|tempted|urge|could\s+just|going\s+to|"
    r"gonna|planning|plan|wish)\s+(to\s+)?(driv\w*|drove|crash\w*|"
    r"steer\w*|swerv\w*)\s+(my\s+car\s+|the\s+car\s+)?(into|off|"
    r"in\s+front\s+of)\s+(a|the|an|oncoming)\s+(\w+\s+)?(wall|tree|bridge|lorry|truck|pole|cliff|"
    r"barrier|river|traffic|lake|sea|quarry)\b(?!\s+(district|side|house|road))",
    # method: hanging, a gun
    r"\b(hang|hanging|hanged|hung)\s+(my|him|her|them)sel(f|ves)\b(?!\s+(a|an|the|some|up))"
    r"|\b(tied|tie|tying|made|make|making|bought|got|have)\s+(a|the|my)\s+noose\b"
    r"|\b(gun|pistol|rifle|shotgun)\s+(to|in)\s+(my|his|her)\s+(head|mouth|temple)\b",
    # method: car exhaust
    r"\b(hose|hosepipe|pipe|tube)\s+(\w+\s+){0,4}?(to|on|into|from|through|for)\s+(the\s+|my\s+|"
    r"his\s+|her\s+)?(car\s+)?(exhaust|tailpipe)\b"
    r"|\b(engine|car)\s+running\s+in\s+(the|a|my|his|her)\s+(closed\s+|shut\s+|locked\s+)?garage\b",
    # self-harm
    r"\b(i|i'?ve|ive|i\s+have|i'?m|im|i\s+am)\s+(been\s+|started\s+|still\s+|just\s+|"
    r"sometimes\s+|often\s+|also\s+|again\s+)*(self[- ]?harm(ing|ed)?|cutting\s+again|"
    r"burning\s+myself\s+again)\b"
    r"(?!\s+(rates?|research|studies|risk|statistics|in\s+(ms|people|patients)))"
    r"|\b(relapsed|relapsing|slipped|went\s+back|gone\s+back)\s+(on|into|to)\s+"
    r"(sh|self[- ]?harm\w*|cutting|self[- ]?injur\w*|burning\s+myself)\b"
    r"|\b(my|his|her)\s+sh\s+(scars?|urges?|relapse)\b",
    r"\b(cut|cutting|slit|slitting|slash\w*)\s+(my|his|her|their)\s+(wrists?|throat)\b"
    r"|\bcutting\s+(my|his|her|their)\s+(arms|forearms|thighs|legs)\b"
    r"(?!\s+(on|shaving|while|when|by|accidentally|in\s+the|at\s+the|and\s+(didn'?t|couldn'?t)"
    r"\s+feel))"
    r"|\burges?\s+to\s+(sh|self[- ]?harm|hurt\s+myself|burn\s+myself|cut\s+(myself|again))\b"
    r"|\bburn\w*\s+(my|his|her)\s+\w+\s+with\s+(a\s+)?(lighter|cigarettes?|matches)\b",
    # attempts
    r"\b(i|i'?ve|ive|i\s+have|he|she|they|he'?s|she'?s|my\s+\w+)\s+(\w+\s+)?(tried|attempted)\s+"
    r"(to\s+)?(kill\s+(my|him|her|them)sel(f|ves)|end\s+(my|his|her|their)\s+(own\s+)?life|"
    r"end\s+it(\s+all)?\b(?!\s+with)|hang\s+(my|him|her|them)sel(f|ves)|overdose|commit\s+suicide|"
    r"suicide|take\s+(my|his|her|their)\s+(own\s+)?life)",
    # someone else: says they want to die or end it
    rf"\b{_THEY}\s+(\w+\s+){{0,3}}?(said|says|saying|told\s+me|tells\s+me|keeps\s+saying|texted|"
    r"messaged|posted|wrote|admitted)\s+(that\s+)?(he|she|they)\s+(\w+\s+)?(wants?\s+to\s+(die|"
    r"be\s+dead|end\s+it|not\s+be\s+here|not\s+wake\s+up)|wanted\s+to\s+(die|end\s+it)|"
    r"wish(es|ed)?\s+(he|she|they)\s+(was|were)\s+dead|(is|was|'?s)\s+going\s+to\s+end\s+it|"
    r"(is|was)\s+suicidal|can'?t\s+go\s+on|won'?t\s+be\s+(here|around)\s+(much\s+longer|any\s?more))"
    rf"\b(?!\s+({_DYING_WELL}|the\s+\w+|with))",
    r"\bmy\s+(husband|wife|partner|mum|mom|mother|dad|father|son|daughter|brother|sister|friend|"
    r"boyfriend|girlfriend|flatmate)\s+(really\s+|just\s+)?(wants|wanted|wishes|wished)\s+to\s+"
    r"(die|be\s+dead|end\s+it|not\s+be\s+here|not\s+wake\s+up|end\s+(his|her|their)\s+life)\b"
    rf"(?!\s+({_DYING_WELL}|his|her|their|the|with))"
    r"|\b(he|she|they|my\s+\w+)\s+(has|had|'?s\s+got|has\s+got)\s+(a|the)\s+plan\s+(to|for\s+how\s+to)"
    r"\s+(end|kill|die|take\s+(his|her|their)\s+(own\s+)?life)\b"
    r"|\bplan\s+to\s+end\s+(his|her|their)\s+(own\s+)?life\b",
    # someone else: on a balcony or bridge, thinking of jumping
    r"\b(he|she|they|my\s+\w+|i)\b.{0,40}\b(stood|standing|was\s+on|sat|sitting|climbed|up\s+on)\s+"
    r"(on\s+|over\s+)?(the|a|his|her|my|our)\s+(balcony|bridge|ledge|roof|railings?|cliff)\b.{0,60}"
    r"\b(thinking\s+(of|about)\s+(jumping|going\s+over)|(wanted|going|tempted|about)\s+to\s+jump|"
    r"jump(ing)?\s+off)",
]

EMERGENCY_PHRASES = [
    # overdose taken: a lot, a handful, twenty of the pills
    r"\b(i|i'?ve|ive|i\s+have|he|she|they|he'?s|she'?s|they'?ve|my\s+\w+)\s+(just\s+|already\s+|has\s+|"
    r"have\s+)*(took|taken|swallowed|downed|necked)\s+(a\s+lot|loads|a\s+load|a\s+bunch|a\s+handful|"
    r"handfuls|too\s+many|\d{2,}(?!\s*(mg|mcg|iu|ml|g|units)\b)|twenty|thirty|forty|fifty)\s+"
    rf"(\w+\s+){{0,2}}?(of\s+)?(my\s+|his\s+|her\s+|the\s+|their\s+)?(\w+\s+)?{_PILLS}\b"
    r"(?!.{0,40}\b(over\s+the|for\s+(years|months)|years\s+ago|in\s+the\s+(past|trial|study)|"
    r"a\s+day|per\s+day|daily|every\s+day|since)\b)",
    # overdose taken: the whole box or a week's supply (not a course taken as prescribed)
    r"\b(took|taken|swallowed|downed|necked)\s+(\w+\s+){0,2}?(the\s+|a\s+|an\s+|my\s+|his\s+|her\s+)?"
    r"(whole|entire|rest\s+of\s+the|rest\s+of\s+my|all\s+the)\s+(\w+\s+)?(box|boxes|pack|packet|"
    r"bottle|strip|strips|tub|week'?s|month'?s|supply)\b"
    r"(?!.{0,40}\b(as\s+(prescribed|told|directed)|course|dose\s+pack|steroid)\b)",
    # overdose taken: all of them at once
    r"\b(i|i'?ve|ive|i\s+have|i\s+just|he|she|he'?s|she'?s|my\s+\w+)\s+(just\s+|already\s+|has\s+)*"
    r"(took|taken|swallowed|downed)\s+(all\s+of\s+them|them\s+all|the\s+lot|every\s+(last\s+)?"
    r"(one|pill|tablet))\b(?!.{0,30}\b(in\s+(the\s+)?(trial|study|order)|as\s+prescribed|on\s+time)\b)",
    # overdose taken: pills with alcohol
    r"^(?=.*\b(took|taken|swallowed|downed|necked)\b)(?=.*\b(a\s+lot|loads|a\s+load|a\s+bunch|"
    r"a\s+handful|too\s+many|the\s+whole|a\s+whole|all\s+of\s+(them|my|the))\b)"
    r"(?=.*\b(vodka|wine|whisky|whiskey|alcohol|booze|gin|rum)\b)"
    rf"(?=.*\b{_PILLS}\b)",
    # overdose taken, said outright
    r"\b(i|i'?ve|ive|i\s+have|i\s+think\s+i'?ve|he|she|he'?s|she'?s|my\s+\w+)\s+(just\s+|has\s+|"
    r"have\s+|already\s+|might\s+have\s+|may\s+have\s+)*(overdosed|od'?d|taken\s+an\s+overdose|"
    r"took\s+an\s+overdose)\b(?!.{0,40}\b(years?\s+ago|in\s+the\s+past|last\s+year|when\s+(i|he|she)"
    r"\s+was|before)\b)",
    # unconscious: cannot be woken
    r"\b(can'?t|cannot|couldn'?t|unable\s+to)\s+(wake|rouse)\s+(him|her|them|my\s+\w+|mum|mom|dad)\b"
    r"|\b(he|she|my\s+\w+)('?s|\s+is|\s+was)?\s+(still\s+)?(not|isn'?t)\s+(waking(\s+up)?|"
    r"rousable|coming\s+(round|around|to))\b",
    # hypoxia, unconscious
    r"\b(lips|mouth|face)\s+(are\s+|is\s+|have\s+|has\s+|went\s+|look\s+)?(gone\s+|going\s+|"
    r"turned\s+|turning\s+)?(blue|grey|gray|purple)\b(?!.{0,30}\b(cold|raynaud))"
    r"|\b(out\s+cold|eyes\s+(rolled|rolling)\s+back|foaming\s+at\s+the\s+mouth)\b",
    # a seizure that will not stop
    r"\b(seizures?|fits?|fitting|convuls\w*)\b.{0,40}\b(won'?t|will\s+not|isn'?t|hasn'?t|not|"
    r"doesn'?t)\s+(stop|stopping|stopped|ending|settling)\b"
    r"|\b(seizures?|fitting|convuls\w*)\s+(for|lasting|over|more\s+than|longer\s+than)\s+"
    r"(over\s+|more\s+than\s+|about\s+)?(5|five|six|seven|eight|ten|\d{2})\s*(min|mins|minutes)\b",
    # stroke signs: one side suddenly weak, numb or drooping
    rf"^(?=.*\b(sudden(ly)?|all\s+of\s+a\s+sudden|just\s+now|out\s+of\s+nowhere|{WITHIN_HOURS}|"
    r"right\s+now)\b)"
    r"(?=.*\b((one|left|right)\s+side\s+of\s+(my|his|her|their)|half\s+(of\s+)?(my|his|her|their))"
    r"\s+(face|body|mouth)\b)(?=.*\b(numb|weak|dead|paralys\w*|paralyz\w*|droop\w*|"
    r"can'?t\s+move|limp|slack)\b)",
]
