"""Health details (a diagnosis, a medicine, being sectioned) left out of what a report stores.

A report about someone online can carry health information about a member of the public, or
about the reporter ("he posted that i'm on sertraline"). The Communications Team acts on where
it is and what kind of thing it is; the post itself is at the link. So the words are kept with
the detail replaced ("he posted that i'm on [medicine]"): what happened still reads, the health
information is not stored, shown in the list or exported. Words of risk ("overdose", "self-harm",
"took all their tablets") are not health details here: they say how urgent it is.
"""

from __future__ import annotations

import re

_CONDITIONS = (
    r"bi-?polar(?: disorder| affective disorder)?|schizo-?affective(?: disorder)?|schizophreni[ac]\w*"
    r"|psychosis|psychotic episode|(?:clinical|postnatal|post-natal|severe|chronic) depression"
    r"|depressive disorder|(?:generali[sz]ed )?anxiety disorder|c-?ptsd|ptsd|post-traumatic stress disorder"
    r"|ocd|obsessive compulsive disorder|adhd|autism|autistic|asperger'?s|(?:emotionally unstable |"
    r"borderline )?personality disorder|eupd|bpd|anorexia(?: nervosa)?|bulimia|binge eating disorder"
    r"|eating disorders?|arfid|dementia|alzheimer'?s|epilepsy|diabetes|hiv positive|hiv|hepatitis \w"
    r"|cancer|leukaemia|leukemia|tumour|tumor|multiple sclerosis|parkinson'?s|motor neurone disease"
    r"|huntington'?s|chlamydia|gonorrh?oea|syphilis|herpes|a miscarriage|an abortion"
    r"|dissociative identity disorder|tourette'?s|fibromyalgia|long covid"
)
"""Diagnoses, named as conditions. Feelings ("depressed", "anxious") are not diagnoses."""

_MEDICINES = (
    r"sertraline|fluoxetine|citalopram|escitalopram|paroxetine|mirtazapine|venlafaxine|duloxetine"
    r"|amitriptyline|nortriptyline|trazodone|lithium|olanzapine|quetiapine|risperidone|aripiprazole"
    r"|clozapine|haloperidol|lamotrigine|(?:sodium )?valproate|depakote|carbamazepine|diazepam"
    r"|lorazepam|clonazepam|zopiclone|pregabalin|gabapentin|methadone|buprenorphine|subutex"
    r"|naltrexone|propranolol|methylphenidate|ritalin|concerta|elvanse|lisdexamfetamine|atomoxetine"
    r"|prozac|xanax|valium|seroquel|abilify|zoloft|insulin|metformin|antiretrovirals?"
    r"|anti-?depressants?|anti-?psychotics?|mood stabili[sz]ers?|benzos?|benzodiazepines?"
    r"|depot injections?"
)
"""Medicines by name, and the kinds of medicine that say the condition ("antipsychotics")."""

_SECTIONED = r"sectioned|detained under the mental health act|on a section (?:2|3|136)|section (?:2|3|136)"

_SERVICE = (
    r"(?!\s+(?:services?|teams?|wards?|units?|clinics?|nurses?|centres?|centers?|departments?|specialists?"
    r"|care|support|research|awareness|charity|charities|month|week|day|screening|pathways?|consultants?"
    r"|practitioners?|liaison|outreach|network|hub|groups?|posts?|campaign|patients?)\b)"
)
"""Not a condition naming a service, a team or a campaign ("our dementia ward", "the eating
disorder service", "autism awareness week"): those are the Trust's, not anyone's health."""

_CONDITION = re.compile(rf"\b(?:{_CONDITIONS})\b{_SERVICE}", re.IGNORECASE)
_MEDICINE = re.compile(rf"\b(?:{_MEDICINES})\b", re.IGNORECASE)
_DETAINED = re.compile(rf"\b(?:{_SECTIONED})\b", re.IGNORECASE)

CONDITION = "[health condition]"
MEDICINE = "[medicine]"
DETAINED = "[detained]"

HEALTH_LEFT_OUT = (
    "I've left the health details (a diagnosis or a medicine) out of the report: the "
    "Communications Team can act without them."
)


def without_health_details(text: str) -> str:
    """`text` with each diagnosis, medicine or sectioning replaced by what kind of detail it was."""
    left = _CONDITION.sub(CONDITION, text)
    left = _MEDICINE.sub(MEDICINE, left)
    return _DETAINED.sub(DETAINED, left)


def has_health_details(text: str) -> bool:
    return without_health_details(text) != text
