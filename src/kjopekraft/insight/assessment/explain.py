"""Evidence in words a buyer understands, in bokmål, nynorsk and English.

The texts live here as data because the library runs without Django (and so without gettext).
:func:`explain` says what an item showed and where; :func:`level_label` names a level. The
language is ``nb``, ``nn`` or ``en`` (the ISO 639-3 codes ``nob``, ``nno``, ``eng`` and ``no``
are accepted too); any other language gets bokmål, the default of the platform.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from kjopekraft.insight.assessment.evidence import (
    Dimension,
    Evidence,
    GreenLevel,
    InnovationLevel,
    Level,
    Signal,
    SocialLevel,
)

Language = Literal["nb", "nn", "en"]
LANGUAGES: tuple[Language, ...] = ("nb", "nn", "en")
_ALIASES: Mapping[str, Language] = {
    "nb": "nb",
    "nob": "nb",
    "no": "nb",
    "nor": "nb",
    "nn": "nn",
    "nno": "nn",
    "en": "en",
    "eng": "en",
}

Texts = Mapping[Language, str]


def _t(nb: str, nn: str, en: str) -> Texts:
    return {"nb": nb, "nn": nn, "en": en}


LEVEL_LABELS: Mapping[Level, Texts] = {
    InnovationLevel.DECLARED: _t("Erklært", "Erklært", "Declared"),
    InnovationLevel.PROCEDURAL: _t("Prosedyre", "Prosedyre", "Procedure"),
    InnovationLevel.INDICATIVE: _t("Indikasjoner", "Indikasjonar", "Indicative"),
    InnovationLevel.NONE: _t("Ingen tegn", "Ingen teikn", "No signs"),
    GreenLevel.DECLARED: _t("Erklært", "Erklært", "Declared"),
    GreenLevel.CRITERIA: _t("Tildelingskriterium", "Tildelingskriterium", "Award criterion"),
    GreenLevel.TEXT: _t("Omtalt i teksten", "Omtala i teksten", "In the text"),
    GreenLevel.NONE: _t("Ingen tegn", "Ingen teikn", "No signs"),
    SocialLevel.DECLARED: _t("Erklært", "Erklært", "Declared"),
    SocialLevel.RESERVED: _t("Reservert deltakelse", "Reservert deltaking", "Reserved"),
    SocialLevel.TEXT: _t("Omtalt i teksten", "Omtala i teksten", "In the text"),
    SocialLevel.NONE: _t("Ingen tegn", "Ingen teikn", "No signs"),
}

DIMENSION_LABELS: Mapping[Dimension, Texts] = {
    Dimension.INNOVATION: _t("Innovasjon", "Innovasjon", "Innovation"),
    Dimension.GREEN: _t("Klima og miljø", "Klima og miljø", "Climate and environment"),
    Dimension.SOCIAL: _t("Sosiale hensyn", "Sosiale omsyn", "Social considerations"),
}

# What each signal showed. Placeholders: {label} (the value in words), {value} (verbatim),
# {passage}, {share}, {threshold}, {notice}.
SIGNAL_TEXTS: Mapping[Signal, Texts] = {
    Signal.INNOVATIVE_ACQUISITION: _t(
        "Oppdragsgiveren har erklært at anskaffelsen er innovativ: {label}.",
        "Oppdragsgivaren har erklært at anskaffinga er innovativ: {label}.",
        "The buyer declared the purchase innovative: {label}.",
    ),
    Signal.STRATEGIC_INNOVATION: _t(
        "Oppdragsgiveren har oppgitt innovativ anskaffelse som strategisk mål.",
        "Oppdragsgivaren har oppgitt innovativ anskaffing som strategisk mål.",
        "The buyer gave innovative purchase as a strategic aim.",
    ),
    Signal.INNOVATION_PARTNERSHIP: _t(
        "Prosedyren er innovasjonspartnerskap, laget for å utvikle og kjøpe nye løsninger.",
        "Prosedyren er innovasjonspartnarskap, laga for å utvikle og kjøpe nye løysingar.",
        "The procedure is an innovation partnership, made for developing and buying new solutions.",
    ),
    Signal.COMPETITIVE_DIALOGUE: _t(
        "Prosedyren er konkurransepreget dialog, der løsningen utvikles i dialog med "
        "leverandørene.",
        "Prosedyren er konkurranseprega dialog, der løysinga blir utvikla i dialog med "
        "leverandørane.",
        "The procedure is a competitive dialogue, where the solution is worked out with the "
        "suppliers.",
    ),
    Signal.PRE_COMMERCIAL: _t(
        "Teksten beskriver en førkommersiell anskaffelse av forskning og utvikling: «{passage}».",
        "Teksten skildrar ei førkommersiell anskaffing av forsking og utvikling: «{passage}».",
        "The text describes a pre-commercial procurement of research and development: «{passage}».",
    ),
    Signal.RD_SERVICES: _t(
        "Anskaffelsen gjelder forsknings- og utviklingstjenester (CPV {value}) og teksten "
        "beskriver utviklingsarbeid: «{passage}».",
        "Anskaffinga gjeld forskings- og utviklingstenester (CPV {value}) og teksten skildrar "
        "utviklingsarbeid: «{passage}».",
        "The purchase is of research and development services (CPV {value}) and the text "
        "describes development work: «{passage}».",
    ),
    Signal.PLANNING_NOTICE: _t(
        "Markedet fikk høre om behovet før konkurransen, i en veiledende kunngjøring eller "
        "markedsdialog.",
        "Marknaden fekk høyre om behovet før konkurransen, i ei rettleiande kunngjering eller "
        "marknadsdialog.",
        "The market heard of the need before the competition, in a prior information or "
        "market consultation notice.",
    ),
    Signal.PLANNING_REFERENCE: _t(
        "Kunngjøringen viser til en tidligere veiledende kunngjøring ({value}).",
        "Kunngjeringa viser til ei tidlegare rettleiande kunngjering ({value}).",
        "The notice refers to an earlier prior information notice ({value}).",
    ),
    Signal.DIALOGUE_TEXT: _t(
        "Teksten beskriver dialog med markedet før konkurransen: «{passage}».",
        "Teksten skildrar dialog med marknaden før konkurransen: «{passage}».",
        "The text describes dialogue with the market before the competition: «{passage}».",
    ),
    Signal.FUNCTIONAL_TEXT: _t(
        "Teksten beskriver funksjons- eller ytelseskrav i stedet for en fastlagt løsning: "
        "«{passage}».",
        "Teksten skildrar funksjons- eller ytingskrav i staden for ei fastlagd løysing: "
        "«{passage}».",
        "The text describes functional or performance requirements rather than a set "
        "solution: «{passage}».",
    ),
    Signal.VARIANTS: _t(
        "Alternative tilbud er {label}, så leverandørene kan foreslå andre løsninger.",
        "Alternative tilbod er {label}, så leverandørane kan føreslå andre løysingar.",
        "Variant tenders are {label}, so suppliers can propose other solutions.",
    ),
    Signal.QUALITY_WEIGHT: _t(
        "Kvalitet veier {share} % i tildelingen (terskel {threshold} %), så leverandørene kan "
        "konkurrere på bedre løsninger.",
        "Kvalitet veg {share} % i tildelinga (terskel {threshold} %), så leverandørane kan "
        "konkurrere på betre løysingar.",
        "Quality weighs {share} % in the award (threshold {threshold} %), so suppliers can "
        "compete with better solutions.",
    ),
    Signal.NOVELTY_TEXT: _t(
        "Teksten beskriver nye løsninger eller løsninger som ikke finnes ennå: «{passage}».",
        "Teksten skildrar nye løysingar eller løysingar som ikkje finst enno: «{passage}».",
        "The text describes new solutions or solutions not yet available: «{passage}».",
    ),
    Signal.NEGATED_INNOVATION: _t(
        "Teksten nevner innovasjon, men avviser det, så det teller ikke: «{passage}».",
        "Teksten nemner innovasjon, men avviser det, så det tel ikkje: «{passage}».",
        "The text mentions innovation but rules it out, so it does not count: «{passage}».",
    ),
    Signal.STRATEGIC_GREEN: _t(
        "Oppdragsgiveren har oppgitt redusert miljøpåvirkning som strategisk mål.",
        "Oppdragsgivaren har oppgitt redusert miljøpåverknad som strategisk mål.",
        "The buyer gave reduction of environmental impacts as a strategic aim.",
    ),
    Signal.ENVIRONMENTAL_IMPACT: _t(
        "Oppdragsgiveren har erklært et miljømål for anskaffelsen: {label}.",
        "Oppdragsgivaren har erklært eit miljømål for anskaffinga: {label}.",
        "The buyer declared an environmental aim for the purchase: {label}.",
    ),
    Signal.GREEN_CRITERIA: _t(
        "Oppdragsgiveren bruker {label}.",
        "Oppdragsgivaren nyttar {label}.",
        "The buyer applies {label}.",
    ),
    Signal.NOR_ENV_CRITERIA: _t(
        "Oppdragsgiveren vekter klima- og miljøhensyn i tildelingen etter FOA § 7-9.",
        "Oppdragsgivaren vektar klima- og miljøomsyn i tildelinga etter FOA § 7-9.",
        "The buyer weighs climate and environment in the award under FOA § 7-9.",
    ),
    Signal.NOR_ENV_SPEC: _t(
        "Oppdragsgiveren stiller klima- og miljøkrav i kravspesifikasjonen etter FOA § 7-9.",
        "Oppdragsgivaren stiller klima- og miljøkrav i kravspesifikasjonen etter FOA § 7-9.",
        "The buyer sets climate and environment requirements in the specification under FOA § 7-9.",
    ),
    Signal.ENV_AWARD_CRITERION: _t(
        "Et tildelingskriterium gjelder klima og miljø: «{passage}».",
        "Eit tildelingskriterium gjeld klima og miljø: «{passage}».",
        "An award criterion concerns climate and the environment: «{passage}».",
    ),
    Signal.GREEN_TEXT: _t(
        "Teksten beskriver klima- eller miljøhensyn: «{passage}».",
        "Teksten skildrar klima- eller miljøomsyn: «{passage}».",
        "The text describes climate or environmental considerations: «{passage}».",
    ),
    Signal.NOR_ENV_EXEMPT: _t(
        "Oppdragsgiveren har brukt et unntak fra klimakravet i FOA § 7-9 ({label}); det teller "
        "ikke som grønt.",
        "Oppdragsgivaren har nytta eit unntak frå klimakravet i FOA § 7-9 ({label}); det tel "
        "ikkje som grønt.",
        "The buyer used an exemption from the climate rule of FOA § 7-9 ({label}); it does not "
        "count as green.",
    ),
    Signal.NOR_ENV_EXEMPT_TEXT: _t(
        "Teksten sier at anskaffelsen har uvesentlig klima- og miljøbelastning, så miljøord i "
        "denne kunngjøringen teller ikke: «{passage}».",
        "Teksten seier at anskaffinga har uvesentleg klima- og miljøbelastning, så miljøord i "
        "denne kunngjeringa tel ikkje: «{passage}».",
        "The text says the purchase has negligible climate and environmental impact, so "
        "environmental wording in this notice does not count: «{passage}».",
    ),
    Signal.NEGATED_GREEN: _t(
        "Teksten nevner klima eller miljø, men avviser det, så det teller ikke: «{passage}».",
        "Teksten nemner klima eller miljø, men avviser det, så det tel ikkje: «{passage}».",
        "The text mentions climate or the environment but rules it out, so it does not count: "
        "«{passage}».",
    ),
    Signal.STRATEGIC_SOCIAL: _t(
        "Oppdragsgiveren har oppgitt sosiale mål som strategisk mål.",
        "Oppdragsgivaren har oppgitt sosiale mål som strategisk mål.",
        "The buyer gave social objectives as a strategic aim.",
    ),
    Signal.SOCIAL_OBJECTIVE: _t(
        "Oppdragsgiveren har erklært et sosialt mål: {label}.",
        "Oppdragsgivaren har erklært eit sosialt mål: {label}.",
        "The buyer declared a social objective: {label}.",
    ),
    Signal.RESERVED: _t(
        "Deltakelsen er {label}.",
        "Deltakinga er {label}.",
        "Participation is {label}.",
    ),
    Signal.SOCIAL_AWARD_CRITERION: _t(
        "Et tildelingskriterium gjelder sosiale hensyn: «{passage}».",
        "Eit tildelingskriterium gjeld sosiale omsyn: «{passage}».",
        "An award criterion concerns social considerations: «{passage}».",
    ),
    Signal.WORK_INCLUSION: _t(
        "Teksten stiller krav om arbeidsinkludering eller sosiale hensyn: «{passage}».",
        "Teksten stiller krav om arbeidsinkludering eller sosiale omsyn: «{passage}».",
        "The text asks for work inclusion or social considerations: «{passage}».",
    ),
    Signal.APPRENTICES: _t(
        "Teksten stiller krav om lærlinger: «{passage}».",
        "Teksten stiller krav om lærlingar: «{passage}».",
        "The text asks for apprentices: «{passage}».",
    ),
    Signal.FAIR_WORK: _t(
        "Teksten stiller krav om menneskerettigheter eller anstendige arbeidsforhold: «{passage}».",
        "Teksten stiller krav om menneskerettar eller anstendige arbeidstilhøve: «{passage}».",
        "The text asks for human rights or decent working conditions: «{passage}».",
    ),
    Signal.UNIVERSAL_DESIGN: _t(
        "Teksten stiller krav om universell utforming: «{passage}».",
        "Teksten stiller krav om universell utforming: «{passage}».",
        "The text asks for universal design: «{passage}».",
    ),
    Signal.STATUTORY_CLAUSE: _t(
        "Teksten gjengir et krav loven stiller til alle slike kontrakter (lønns- og "
        "arbeidsvilkår, eller lærlinger i Norge), så det teller ikke: «{passage}».",
        "Teksten gjengir eit krav lova stiller til alle slike kontraktar (løns- og "
        "arbeidsvilkår, eller lærlingar i Noreg), så det tel ikkje: «{passage}».",
        "The text repeats a requirement the law sets for all such contracts (pay and working "
        "conditions, or apprentices in Norway), so it does not count: «{passage}».",
    ),
    Signal.NEGATED_SOCIAL: _t(
        "Teksten nevner sosiale hensyn, men avviser det, så det teller ikke: «{passage}».",
        "Teksten nemner sosiale omsyn, men avviser det, så det tel ikkje: «{passage}».",
        "The text mentions social considerations but rules them out, so it does not count: "
        "«{passage}».",
    ),
}

# How an environmental award criterion's weight compares to FOA § 7-9.
_WEIGHT = _t(" Det veier {share} %.", " Det veg {share} %.", " It weighs {share} %.")
_RULE_MEETS = _t(
    " Klima og miljø veier til sammen {total} %, som oppfyller minstekravet på {minimum} % i "
    "FOA § 7-9 (fra {rule}).",
    " Klima og miljø veg til saman {total} %, som oppfyller minstekravet på {minimum} % i "
    "FOA § 7-9 (frå {rule}).",
    " Climate and environment weigh {total} % in all, meeting the {minimum} % minimum of "
    "FOA § 7-9 (from {rule}).",
)
_RULE_BELOW = _t(
    " Klima og miljø veier til sammen {total} %, under minstekravet på {minimum} % i FOA § 7-9 "
    "(fra {rule}).",
    " Klima og miljø veg til saman {total} %, under minstekravet på {minimum} % i FOA § 7-9 "
    "(frå {rule}).",
    " Climate and environment weigh {total} % in all, below the {minimum} % minimum of "
    "FOA § 7-9 (from {rule}).",
)
_RULE_UNKNOWN = _t(
    " Vekten er ikke oppgitt, så den kan ikke holdes opp mot minstekravet på {minimum} % i "
    "FOA § 7-9 (fra {rule}).",
    " Vekta er ikkje oppgitt, så ho kan ikkje haldast opp mot minstekravet på {minimum} % i "
    "FOA § 7-9 (frå {rule}).",
    " The weight is not stated, so it cannot be set against the {minimum} % minimum of "
    "FOA § 7-9 (from {rule}).",
)
_RULE_PRIORITY = _t(
    " Kriteriet er rangert som nummer {priority} (FOA § 7-9 fra {rule} godtar de tre viktigste).",
    " Kriteriet er rangert som nummer {priority} (FOA § 7-9 frå {rule} godtek dei tre viktigaste).",
    " The criterion is ranked number {priority} (FOA § 7-9 from {rule} accepts the three most "
    "important).",
)

_EXEMPT_CODE = _t(
    " Derfor teller heller ikke koden {code} som grønn.",
    " Difor tel heller ikkje koden {code} som grøn.",
    " So the code {code} does not count as green either.",
)

_WHERE_FIELD = _t(
    "{field} i kunngjøring {notice}", "{field} i kunngjering {notice}", "{field} of notice {notice}"
)
_WHERE_LANGUAGE = _t(" på {language}", " på {language}", " in {language}")
_WHERE_LOTS = _t(", delkontrakt {lots}", ", delkontrakt {lots}", ", lot {lots}")
_MORE_LOTS = _t(" og {count} til", " og {count} til", " and {count} more")
MAX_LOTS_NAMED = 5

LANGUAGE_NAMES: Mapping[str, Texts] = {
    "nor": _t("norsk", "norsk", "Norwegian"),
    "nob": _t("bokmål", "bokmål", "Norwegian Bokmål"),
    "nno": _t("nynorsk", "nynorsk", "Norwegian Nynorsk"),
    "eng": _t("engelsk", "engelsk", "English"),
    "deu": _t("tysk", "tysk", "German"),
    "fra": _t("fransk", "fransk", "French"),
    "swe": _t("svensk", "svensk", "Swedish"),
    "dan": _t("dansk", "dansk", "Danish"),
    "fin": _t("finsk", "finsk", "Finnish"),
    "nld": _t("nederlandsk", "nederlandsk", "Dutch"),
    "spa": _t("spansk", "spansk", "Spanish"),
    "ita": _t("italiensk", "italiensk", "Italian"),
    "pol": _t("polsk", "polsk", "Polish"),
}

# Codes in words, by the signal that reports them.
CODE_LABELS: Mapping[Signal, Mapping[str, Texts]] = {
    Signal.INNOVATIVE_ACQUISITION: {
        "mar-nov": _t(
            "nytt eller vesentlig forbedret sammenlignet med det som finnes i markedet",
            "nytt eller vesentleg betra samanlikna med det som finst på marknaden",
            "new or significantly improved compared with what is on the market",
        ),
        "proc-innov": _t(
            "prosessinnovasjon, nye måter å produsere eller levere tjenesten på",
            "prosessinnovasjon, nye måtar å produsere eller levere tenesta på",
            "process innovation, new ways of producing or delivering the service",
        ),
        "prod-innov": _t(
            "produktinnovasjon, nye eller vesentlig forbedrede varer eller tjenester",
            "produktinnovasjon, nye eller vesentleg betra varer eller tenester",
            "product innovation, new or significantly improved goods or services",
        ),
        "rd-act": _t(
            "forsknings- og utviklingsaktiviteter",
            "forskings- og utviklingsaktivitetar",
            "research and development activities",
        ),
        "buy-eff": _t(
            "gjør oppdragsgiverens arbeid mer effektivt",
            "gjer arbeidet til oppdragsgivaren meir effektivt",
            "makes the buyer's work more effective",
        ),
        "fp-requ": _t(
            "funksjons- og ytelseskrav framfor tekniske beskrivelser",
            "funksjons- og ytingskrav framfor tekniske skildringar",
            "functional and performance requirements rather than technical descriptions",
        ),
        "org-nov": _t(
            "nytt for organisasjonen", "nytt for organisasjonen", "new to the organisation"
        ),
        "other": _t("annet", "anna", "other"),
    },
    Signal.ENVIRONMENTAL_IMPACT: {
        "biodiv-eco": _t(
            "vern og gjenoppretting av naturmangfold og økosystemer",
            "vern og gjenoppretting av naturmangfald og økosystem",
            "protection and restoration of biodiversity and ecosystems",
        ),
        "circ-econ": _t(
            "overgang til sirkulærøkonomi",
            "overgang til sirkulærøkonomi",
            "transition to a circular economy",
        ),
        "clim-adapt": _t("klimatilpasning", "klimatilpassing", "climate change adaptation"),
        "clim-mitig": _t(
            "reduserte klimagassutslipp",
            "reduserte klimagassutslepp",
            "climate change mitigation",
        ),
        "other": _t("andre miljømål", "andre miljømål", "other environmental aims"),
        "pollu-prev": _t(
            "forebygging og kontroll av forurensning",
            "førebygging og kontroll av forureining",
            "pollution prevention and control",
        ),
        "water-mar": _t(
            "bærekraftig bruk og vern av vann og havressurser",
            "berekraftig bruk og vern av vatn og havressursar",
            "sustainable use and protection of water and marine resources",
        ),
    },
    Signal.GREEN_CRITERIA: {
        "eu": _t(
            "EUs kriterier for grønne anskaffelser",
            "EU sine kriterium for grøne anskaffingar",
            "the EU green public procurement criteria",
        ),
        "national": _t(
            "nasjonale kriterier for grønne anskaffelser",
            "nasjonale kriterium for grøne anskaffingar",
            "national green public procurement criteria",
        ),
        "other": _t(
            "andre kriterier for grønne anskaffelser",
            "andre kriterium for grøne anskaffingar",
            "other green public procurement criteria",
        ),
    },
    Signal.NOR_ENV_EXEMPT: {
        "quality-nor-env-none": _t(
            "uvesentlig klimaavtrykk og miljøbelastning",
            "uvesentleg klimaavtrykk og miljøbelastning",
            "negligible climate footprint and environmental impact",
        ),
        "quality-nor-env-exempt-insignificant": _t(
            "uvesentlig klimaavtrykk og miljøbelastning",
            "uvesentleg klimaavtrykk og miljøbelastning",
            "negligible climate footprint and environmental impact",
        ),
        "quality-nor-env-exempt-critical-interest": _t(
            "vesentlige hensyn til helse, sikkerhet eller beredskap",
            "vesentlege omsyn til helse, tryggleik eller beredskap",
            "essential interests of health, safety or preparedness",
        ),
        "quality-nor-env-exempt-national-minimum": _t(
            "påbudte standardiserte minstekrav til klima og miljø",
            "påbodne standardiserte minstekrav til klima og miljø",
            "mandatory standardised minimum climate and environment requirements",
        ),
    },
    Signal.SOCIAL_OBJECTIVE: {
        "acc-all": _t("tilgjengelighet for alle", "tilgjenge for alle", "accessibility for all"),
        "et-eq": _t("etnisk likestilling", "etnisk likestilling", "ethnic equality"),
        "gen-eq": _t(
            "likestilling mellom kjønnene", "likestilling mellom kjønna", "gender equality"
        ),
        "hum-right": _t(
            "aktsomhet for menneskerettigheter i leverandørkjeden",
            "aktsemd for menneskerettar i leverandørkjeda",
            "human rights due diligence in the supply chain",
        ),
        "opp": _t(
            "arbeid for langtidsledige, vanskeligstilte eller personer med funksjonsnedsettelse",
            "arbeid for langtidsledige, vanskelegstilte eller personar med funksjonsnedsetjing",
            "jobs for the long-term unemployed, disadvantaged or persons with disabilities",
        ),
        "other": _t("andre sosiale mål", "andre sosiale mål", "other social objectives"),
        "work-cond": _t(
            "rettferdige arbeidsforhold",
            "rettferdige arbeidstilhøve",
            "fair working conditions",
        ),
    },
    Signal.RESERVED: {
        "res-ws": _t(
            "forbeholdt vekstbedrifter og virksomheter som inkluderer personer med "
            "funksjonsnedsettelse eller vanskeligstilte i arbeid",
            "reservert for vekstbedrifter og verksemder som inkluderer personar med "
            "funksjonsnedsetjing eller vanskelegstilte i arbeid",
            "reserved for sheltered workshops and enterprises that bring disabled or "
            "disadvantaged persons into work",
        ),
        "res-pub-ser": _t(
            "forbeholdt organisasjoner med et samfunnsoppdrag innen offentlige tjenester",
            "reservert for organisasjonar med eit samfunnsoppdrag innan offentlege tenester",
            "reserved for organisations with a public service mission",
        ),
    },
    Signal.VARIANTS: {
        "allowed": _t("tillatt", "tillatne", "allowed"),
        "required": _t("påkrevd", "påkravde", "required"),
    },
}


def language_of(language: str) -> Language:
    """``nb``, ``nn`` or ``en`` for a language code; bokmål for any other."""
    return _ALIASES.get(language.lower().split("-")[0], "nb")


def level_label(level: Level, language: str) -> str:
    return LEVEL_LABELS[level][language_of(language)]


def dimension_label(dimension: Dimension, language: str) -> str:
    return DIMENSION_LABELS[dimension][language_of(language)]


def explain(evidence: Evidence, language: str) -> str:
    """What the item showed and where it was found, in one or two sentences."""
    lang = language_of(language)
    return f"{what(evidence, lang)} ({where(evidence, lang)})"


def what(evidence: Evidence, language: str) -> str:
    lang = language_of(language)
    details = dict(evidence.details)
    values = {
        "value": evidence.value,
        "label": code_label(evidence.signal, evidence.value, lang),
        "passage": evidence.location.passage or evidence.value,
        **details,
    }
    text = SIGNAL_TEXTS[evidence.signal][lang].format_map(values)
    if evidence.signal in (Signal.ENV_AWARD_CRITERION, Signal.NOR_ENV_CRITERIA):
        text += _weighing(details, lang)
    if evidence.signal == Signal.NOR_ENV_EXEMPT_TEXT and "code" in details:
        text += _EXEMPT_CODE[lang].format_map(details)
    return text


def where(evidence: Evidence, language: str) -> str:
    lang = language_of(language)
    loc = evidence.location
    text = _WHERE_FIELD[lang].format(field=loc.field, notice=loc.notice_id)
    if loc.language:
        text += _WHERE_LANGUAGE[lang].format(language=language_name(loc.language, lang))
    if loc.lots:
        named = ", ".join(loc.lots[:MAX_LOTS_NAMED])
        text += _WHERE_LOTS[lang].format(lots=named)
        if len(loc.lots) > MAX_LOTS_NAMED:
            text += _MORE_LOTS[lang].format(count=len(loc.lots) - MAX_LOTS_NAMED)
    return text


def code_label(signal: Signal, code: str, language: str) -> str:
    """The code in words, or the code itself when it is not in the tables."""
    labels = CODE_LABELS.get(signal, {}).get(code)
    return labels[language_of(language)] if labels else code


def language_name(code: str, language: str) -> str:
    names = LANGUAGE_NAMES.get(code.lower())
    return names[language_of(language)] if names else code


def _weighing(details: Mapping[str, str], lang: Language) -> str:
    text = ""
    if "share" in details:
        text += _WEIGHT[lang].format_map(details)
    meets = details.get("meets")
    if meets is None:
        return text
    if "total" in details:
        template = _RULE_MEETS if meets == "yes" else _RULE_BELOW
    elif "priority" in details:
        template = _RULE_PRIORITY
    else:
        template = _RULE_UNKNOWN
    return text + template[lang].format_map(details)
