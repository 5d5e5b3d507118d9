"""The controlled topic vocabulary.

Every summary's ``topics`` come from this list, so the topic explorer and the
filters stay clean. Add a topic here (with a description) before using it.
"""

from __future__ import annotations

TOPICS: dict[str, str] = {
    # Treatments
    "disease-modifying therapy": "Long-term MS medicines that reduce relapses and new lesions.",
    "anti-cd20 therapy": "B-cell depleting drugs such as ocrelizumab, ofatumumab, ublituximab.",
    "natalizumab": "The infusion drug natalizumab, its benefits and its PML risk.",
    "oral therapies": "Pills for MS: S1P modulators, teriflunomide, cladribine, fumarates.",
    "interferons and injectables": "Interferon beta and other older injectable MS drugs.",
    "treatment strategy": "When to start, escalate, space out or stop treatment.",
    "stem cell transplantation": "Autologous haematopoietic stem cell transplantation (aHSCT).",
    "experimental treatments": "Drugs still in trials: BTK inhibitors, repurposed drugs, others.",
    "remyelination and repair": "Attempts to repair myelin or protect nerves.",
    "relapse treatment": "Treating an attack once it happens: steroids, plasma exchange.",
    "drug safety": "Side effects, infections and monitoring while on treatment.",
    "pml": "Progressive multifocal leukoencephalopathy, a rare brain infection.",
    # Course of the disease
    "relapses": "Attacks of new or worse symptoms and how often they happen.",
    "disability progression": "Disability that worsens over time, with or without relapses.",
    "progressive ms": "Primary and secondary progressive forms of MS.",
    "diagnosis": "How MS is diagnosed, criteria and misdiagnosis.",
    "mri and imaging": "Brain and spine MRI, lesions, atrophy and other scans.",
    "biomarkers": "Blood and spinal fluid markers such as neurofilament light.",
    "prognosis": "What predicts how MS will go, and life expectancy.",
    # Causes and risk
    "ms risk factors": "What raises or lowers the chance of getting MS.",
    "vitamin d and sunlight": "Vitamin D levels, supplements and sun exposure.",
    "epstein-barr virus": "The Epstein-Barr virus and its link to MS.",
    "genetics": "Genes and family history in MS.",
    "gut microbiome": "Gut bacteria and their link to MS.",
    "immune system and brain biology": "Lab and biology studies of immune and brain cells.",
    # Living with MS
    "symptom management": "Managing everyday MS symptoms.",
    "fatigue": "MS fatigue and ways to manage it.",
    "cognition": "Thinking, memory and processing speed.",
    "mental health": "Depression, anxiety and emotional wellbeing.",
    "pain": "Pain, headache and nerve pain.",
    "bladder and sexual health": "Bladder, bowel and sexual problems.",
    "sleep": "Sleep problems such as insomnia and sleep apnoea.",
    "walking and mobility": "Walking, balance, spasticity and mobility aids.",
    "exercise and rehabilitation": "Exercise, physiotherapy and rehabilitation.",
    "diet and lifestyle": "Diet, fasting, salt, coffee, smoking, weight and supplements.",
    "cannabis": "Cannabis and cannabis-based medicines.",
    "quality of life": "Daily life, work, costs and wellbeing with MS.",
    "digital health": "Telehealth, apps and remote care.",
    # Life stages and groups
    "pregnancy and women's health": "Pregnancy, breastfeeding, menopause and sex differences.",
    "children and teens": "MS in children and adolescents.",
    "older adults": "Ageing with MS and late-onset MS.",
    "health equity": "Differences by race, ethnicity, place and access to care.",
    "epidemiology": "How common MS is, where, and in whom.",
    # Infections and vaccines
    "vaccines": "Vaccine safety and response with MS and its treatments.",
    "covid-19": "COVID-19 outcomes and vaccines in MS.",
    "infections": "Infections and their link to MS and its treatments.",
    # Related conditions
    "nmosd": "Neuromyelitis optica spectrum disorder.",
    "mogad": "MOG antibody-associated disease.",
    "optic neuritis and the eye": "Optic neuritis, eye scans (OCT) and vision.",
    "autoimmune encephalitis": "Antibody-driven brain inflammation other than MS.",
}

#: The related conditions that are not MS, each with the words that name it in a question.
#: A study of one answers only a conversation that names it (``assistant.condition_scope``):
#: they share MS's words (relapse, attack, steroids), not its evidence.
OTHER_CONDITIONS: dict[str, frozenset[str]] = {
    "nmosd": frozenset({"nmosd", "nmo", "neuromyelitis", "devic", "aqp4", "aquaporin"}),
    "mogad": frozenset({"mogad", "mog"}),
    "autoimmune encephalitis": frozenset({"encephalitis"}),
}

#: One reviewed question per topic, in a patient's words, offered when a question gets
#: "no summary" and this topic is among the nearest. Each is answered from a summary of
#: its own topic in the bundled library (tests/test_next_step.py proves it), and the
#: engine offers one only after checking that it is answered from the library in use.
STARTER_QUESTIONS: dict[str, str] = {
    "disease-modifying therapy": "Do MS medicines cut the number of relapses?",
    "anti-cd20 therapy": "How well does ocrelizumab work for relapsing MS?",
    "natalizumab": "How well does natalizumab (Tysabri) work?",
    "oral therapies": "Do MS pills like dimethyl fumarate reduce relapses?",
    "interferons and injectables": "Do newer MS drugs work better than interferon shots?",
    "treatment strategy": "Is it better to start with a strong MS drug?",
    "stem cell transplantation": "Does a stem cell transplant help MS?",
    "experimental treatments": "What did the tolebrutinib trials find?",
    "remyelination and repair": "Can any drug repair myelin in MS?",
    "relapse treatment": "Do higher steroid doses after a first MOGAD attack help?",
    "drug safety": "What are the side effects of cladribine pills?",
    "pml": "What is the risk of PML on natalizumab?",
    "relapses": "Does pregnancy change how often MS relapses happen?",
    "disability progression": "Can any drug slow disability in secondary progressive MS?",
    "progressive ms": "Is there a treatment for secondary progressive MS?",
    "diagnosis": "How is MS diagnosed?",
    "mri and imaging": "Can an MRI tell MS apart from other conditions?",
    "biomarkers": "Is there a blood test that shows MS is getting worse?",
    "prognosis": "Is MS worse if it starts after age 50?",
    "ms risk factors": "Does drinking coffee change the risk of getting MS?",
    "vitamin d and sunlight": "Does vitamin D help with MS?",
    "epstein-barr virus": "Does the Epstein-Barr virus cause MS?",
    "genetics": "Is MS in the genes?",
    "gut microbiome": "Do gut bacteria play a part in MS?",
    "immune system and brain biology": "How does the immune system damage the brain in MS?",
    "symptom management": "Does a cooling vest help with heat sensitivity in MS?",
    "fatigue": "What helps with MS fatigue?",
    "cognition": "Can brain training help memory and thinking in MS?",
    "mental health": "Can online therapy help with depression in MS?",
    "pain": "How common is pain in MS?",
    "bladder and sexual health": "Can Botox help bladder leaks in MS?",
    "sleep": "Are sleep problems common in MS?",
    "walking and mobility": "Is there a drug that helps people with MS walk faster?",
    "exercise and rehabilitation": "Does exercise help people with MS?",
    "diet and lifestyle": "Does intermittent fasting help MS?",
    "cannabis": "Does cannabis help MS stiffness?",
    "quality of life": "How much does MS cost people?",
    "digital health": "Do video visits with an MS doctor work well?",
    "pregnancy and women's health": "Is it safe to get pregnant with MS?",
    "children and teens": "How are children with MS treated?",
    "older adults": "Can older people stop their MS drugs?",
    "health equity": "Does MS affect Black people differently?",
    "epidemiology": "Do people with MS live as long as others?",
    "vaccines": "Do vaccines raise the risk of an MS relapse?",
    "covid-19": "Is COVID-19 more dangerous for people with MS?",
    "infections": "Do MS drugs raise the risk of shingles?",
    "nmosd": "How is NMOSD treated?",
    "mogad": "What is MOGAD and how does it differ from MS?",
    "optic neuritis and the eye": "Can an eye scan predict how MS will go?",
    "autoimmune encephalitis": "Did COVID-19 change how often autoimmune encephalitis was found?",
}


def is_topic(name: str) -> bool:
    """True if ``name`` is in the controlled vocabulary."""
    return name in TOPICS
