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


def is_topic(name: str) -> bool:
    """True if ``name`` is in the controlled vocabulary."""
    return name in TOPICS
