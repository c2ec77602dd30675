"""The tables that turn legacy TED codes into the eForms codes the rest of the platform uses.

A code with no entry is kept as the notice writes it (an unknown ``PT_*`` element name, say), so
nothing is lost and the gap shows in the data.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable

# Form → BT-02 notice type. Forms whose type depends on NOTICE/@TYPE are in NOTICE_TYPES_BY_KIND.
# F14 (corrigendum) has no eForms notice type, because eForms corrects a notice by publishing a
# new version of it; "corr" is kept outside the codelist for it.
NOTICE_TYPES = {
    "F01": "pin-only",
    "F02": "cn-standard",
    "F03": "can-standard",
    "F04": "pin-only",
    "F05": "cn-standard",
    "F06": "can-standard",
    "F07": "qu-sy",
    "F08": "pin-buyer",
    "F09": "cn-standard",
    "F10": "cn-standard",
    "F11": "cn-standard",
    "F12": "cn-desg",
    "F13": "can-desg",
    "F14": "corr",
    "F15": "veat",
    "F16": "pin-only",
    "F17": "cn-standard",
    "F18": "can-standard",
    "F19": "subco",
    "F20": "can-modif",
    "F21": "cn-social",
    "F22": "cn-social",
    "F23": "cn-social",
    "F24": "cn-standard",
    "F25": "can-standard",
    "T01": "pin-tran",
    "T02": "can-tran",
}
NOTICE_TYPES_BY_KIND = {
    ("F01", "PRI_ONLY"): "pin-only",
    ("F01", "PRI_REDUCING_TIME_LIMITS"): "pin-rtl",
    ("F01", "PRI_CALL_COMPETITION"): "pin-cfc-standard",
    ("F04", "PER_ONLY"): "pin-only",
    ("F04", "PER_REDUCING_TIME_LIMITS"): "pin-rtl",
    ("F04", "PER_CALL_COMPETITION"): "pin-cfc-standard",
    ("F21", "PRI_ONLY"): "pin-only",
    ("F21", "PRI_CALL_COMPETITION"): "pin-cfc-social",
    ("F21", "CONTRACT"): "cn-social",
    ("F21", "AWARD_CONTRACT"): "can-social",
    ("F22", "PER_ONLY"): "pin-only",
    ("F22", "PER_CALL_COMPETITION"): "pin-cfc-social",
    ("F22", "QSU_ONLY"): "qu-sy",
    ("F22", "QSU_CALL_COMPETITION"): "qu-sy",
    ("F22", "CONTRACT"): "cn-social",
    ("F22", "AWARD_CONTRACT"): "can-social",
    # A prior information notice is how a social-services concession is announced.
    ("F23", "PRI"): "cn-social",
    ("F23", "CONCESSION_AWARD_CONTRACT"): "can-social",
}

# PT_* element → BT-105 procedure type. R2.0.8 spells some differently, and F17/F18 prefix
# theirs with the form number, which is stripped before the look-up.
PROCEDURE_TYPES = {
    "PT_OPEN": "open",
    "PT_RESTRICTED": "restricted",
    "PT_ACCELERATED_RESTRICTED": "restricted",
    "PT_ACCELERATED_RESTRICTED_CHOICE": "restricted",
    "PT_COMPETITIVE_NEGOTIATION": "neg-w-call",
    "PT_NEGOTIATED_WITH_PRIOR_CALL": "neg-w-call",
    "PT_INVOLVING_NEGOTIATION": "neg-w-call",
    "PT_AWARD_CONTRACT_WITH_PRIOR_PUBLICATION": "neg-w-call",
    "PT_NEGOTIATED_CHOICE": "neg-w-call",
    "PT_NEGOTIATED": "neg-w-call",
    "PT_NEGOTIATED_WITH_PUBLICATION_CONTRACT_NOTICE": "neg-w-call",
    "PT_ACCELERATED_NEGOTIATED": "neg-w-call",
    "PT_COMPETITIVE_DIALOGUE": "comp-dial",
    "PT_INNOVATION_PARTNERSHIP": "innovation",
    "PT_NEGOTIATED_WITHOUT_PUBLICATION": "neg-wo-call",
    "PT_NEGOTIATED_WITHOUT_PUBLICATION_CONTRACT_NOTICE": "neg-wo-call",
    "PT_AWARD_CONTRACT_WITHOUT_CALL": "neg-wo-call",
    "PT_AWARD_CONTRACT_WITHOUT_PUBLICATION": "neg-wo-call",
    # Public passenger transport (Regulation 1370/2007, forms T01 and T02)
    "PT_COMPETITIVE_TENDERING": "comp-tend",
    "PT_REQUEST_EXPRESSION_INTEREST": "exp-int-rail",
}
# Every direct award under Regulation 1370/2007 (PT_DA_SMALL_CONTRACT, PT_DA_RAILWAY_TRANSPORT, ...)
DIRECT_AWARD_PREFIX = "PT_DA_"
_FORM_PREFIX = re.compile(r"^F\d\d_")
# In these the one TED deadline ("tenders or requests to participate") is for requests.
TWO_STAGE_PROCEDURES = frozenset({"restricted", "neg-w-call", "comp-dial", "innovation"})

# DIRECTIVE/@VALUE → BT-01 legal basis (CELEX number, as LEGAL_BASIS/@VALUE writes it)
DIRECTIVES = {
    "2014/24/EU": "32014L0024",
    "2014/25/EU": "32014L0025",
    "2014/23/EU": "32014L0023",
    "2009/81/EC": "32009L0081",
    "2004/18/EC": "32004L0018",
    "2004/17/EC": "32004L0017",
}
DEFENCE_DIRECTIVE = "32009L0081"
OTHER_LEGAL_BASIS = "other"

# CA_TYPE → BT-11 buyer legal type, as the TED XML to eForms converter of the Publications
# Office maps them. Legacy TED has one code for regional and local authorities, which becomes
# "ra": a Norwegian kommune on a legacy notice is "ra", not "la".
BUYER_LEGAL_TYPES = {
    "MINISTRY": "cga",
    "NATIONAL_AGENCY": "cga",
    "REGIONAL_AUTHORITY": "ra",
    "REGIONAL_AGENCY": "body-pl-ra",
    "BODY_PUBLIC": "body-pl",
    "EU_INSTITUTION": "eu-ins-bod-ag",
}

# CA_ACTIVITY and CE_ACTIVITY → BT-10 / BT-610 main activity (one to one)
ACTIVITIES = {
    "GENERAL_PUBLIC_SERVICES": "gen-pub",
    "DEFENCE": "defence",
    "PUBLIC_ORDER_AND_SAFETY": "pub-os",
    "ENVIRONMENT": "env-pro",
    "ECONOMIC_AND_FINANCIAL_AFFAIRS": "econ-aff",
    "HEALTH": "health",
    "HOUSING_AND_COMMUNITY_AMENITIES": "hc-am",
    "SOCIAL_PROTECTION": "soc-pro",
    "RECREATION_CULTURE_AND_RELIGION": "rcr",
    "EDUCATION": "education",
    "ELECTRICITY": "electricity",
    "PRODUCTION_TRANSPORT_DISTRIBUTION_GAS_HEAT": "gas-heat",
    "EXPLORATION_EXTRACTION_GAS_OIL": "gas-oil",
    "EXPLORATION_EXTRACTION_COAL_OTHER_SOLID_FUEL": "solid-fuel",
    "WATER": "water",
    "URBAN_RAILWAY_TRAMWAY_TROLLEYBUS_BUS_SERVICES": "urttb",
    "RAILWAY_SERVICES": "rail",
    "PORT_RELATED_ACTIVITIES": "port",
    "AIRPORT_RELATED_ACTIVITIES": "airport",
    "POSTAL_SERVICES": "post",
}

# Reserved participation → BT-71. The execution of the contract within sheltered employment
# programmes is the second half of the same eForms code as sheltered workshops.
RESERVED = {
    "RESTRICTED_SHELTERED_WORKSHOP": "res-ws",
    "RESTRICTED_SHELTERED_PROGRAM": "res-ws",
    "RESERVED_ORGANISATIONS_SERVICE_MISSION": "res-pub-ser",
    "RESTRICTED_TO_SHELTERED_WORKSHOPS": "res-ws",
    "RESTRICTED_TO_FRAMEWORK": "res-ws",
}

# Framework agreement → BT-765. One operator means no reopening of competition; several
# operators are taken as reopening it (the form does not say). A framework whose kind the notice
# does not give (every award notice) keeps the legacy element name.
FRAMEWORK_SINGLE = "fa-wo-rc"
FRAMEWORK_SEVERAL = "fa-w-rc"
FRAMEWORK_UNSPECIFIED = "FRAMEWORK"

# Counts of tenders → BT-760 submission types
RECEIVED = {
    "NB_TENDERS_RECEIVED": "tenders",
    "NB_TENDERS_RECEIVED_SME": "t-sme",
    "NB_TENDERS_RECEIVED_OTHER_EU": "t-oth-eea",
    "NB_TENDERS_RECEIVED_NON_EU": "t-no-eea",
    "NB_TENDERS_RECEIVED_EMEANS": "t-esubm",
    # Design contest results (F13): the participants are the entries received.
    "NB_PARTICIPANTS": "tenders",
    "NB_PARTICIPANTS_SME": "t-sme",
    "NB_PARTICIPANTS_OTHER_EU": "t-oth-eea",
}
TENDERS = "tenders"

# BT-142 winner selection status; TED's "unsuccessful" (no tenders, or all rejected) and
# "discontinued" both close the lot without a winner.
SELECTED = "selec-w"
CLOSED_WITHOUT_WINNER = "clos-nw"

# BT-165 winner size: TED says only whether the winner is an SME.
SME = "sme"
NOT_SME = "large"

# TED's two-letter language codes → the ISO 639-3 codes eForms writes (lower case).
LANGUAGES = {
    "BG": "bul",
    "CS": "ces",
    "DA": "dan",
    "DE": "deu",
    "EL": "ell",
    "EN": "eng",
    "ES": "spa",
    "ET": "est",
    "FI": "fin",
    "FR": "fra",
    "GA": "gle",
    "HR": "hrv",
    "HU": "hun",
    "IT": "ita",
    "LT": "lit",
    "LV": "lav",
    "MT": "mlt",
    "NL": "nld",
    "PL": "pol",
    "PT": "por",
    "RO": "ron",
    "SK": "slk",
    "SL": "slv",
    "SV": "swe",
    "NO": "nor",
    "NB": "nob",
    "NN": "nno",
    "IS": "isl",
    "MK": "mkd",
    "SQ": "sqi",
    "SR": "srp",
    "TR": "tur",
    "RU": "rus",
}

# The time zone of each country whose buyers publish on TED (TED writes the United Kingdom as
# UK and Greece as GR or EL). Deadlines are local times without an offset.
_ZONES = {
    "AL": "Europe/Tirane",
    "AT": "Europe/Vienna",
    "BA": "Europe/Sarajevo",
    "BE": "Europe/Brussels",
    "BG": "Europe/Sofia",
    "CH": "Europe/Zurich",
    "CY": "Asia/Nicosia",
    "CZ": "Europe/Prague",
    "DE": "Europe/Berlin",
    "DK": "Europe/Copenhagen",
    "EE": "Europe/Tallinn",
    "EL": "Europe/Athens",
    "ES": "Europe/Madrid",
    "FI": "Europe/Helsinki",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "GR": "Europe/Athens",
    "HR": "Europe/Zagreb",
    "HU": "Europe/Budapest",
    "IE": "Europe/Dublin",
    "IS": "Atlantic/Reykjavik",
    "IT": "Europe/Rome",
    "LI": "Europe/Vaduz",
    "LT": "Europe/Vilnius",
    "LU": "Europe/Luxembourg",
    "LV": "Europe/Riga",
    "MD": "Europe/Chisinau",
    "ME": "Europe/Podgorica",
    "MK": "Europe/Skopje",
    "MT": "Europe/Malta",
    "NL": "Europe/Amsterdam",
    "NO": "Europe/Oslo",
    "PL": "Europe/Warsaw",
    "PT": "Europe/Lisbon",
    "RO": "Europe/Bucharest",
    "RS": "Europe/Belgrade",
    "SE": "Europe/Stockholm",
    "SI": "Europe/Ljubljana",
    "SK": "Europe/Bratislava",
    "TR": "Europe/Istanbul",
    "UA": "Europe/Kyiv",
    "UK": "Europe/London",
    # French overseas regions, which publish on TED as part of France
    "GF": "America/Cayenne",
    "GP": "America/Guadeloupe",
    "MQ": "America/Martinique",
    "RE": "Indian/Reunion",
    "YT": "Indian/Mayotte",
}


def notice_type(form: str | None, kind: str | None) -> str | None:
    """The BT-02 notice type of a form (``F02``) and its NOTICE/@TYPE, if any."""
    if form is None:
        return None
    return NOTICE_TYPES_BY_KIND.get((form, kind or "")) or NOTICE_TYPES.get(form)


def procedure_type(element_name: str) -> str:
    """The BT-105 code for a PT_* element name; an unknown name is kept as it is."""
    name = _FORM_PREFIX.sub("", element_name)
    if name.startswith(DIRECT_AWARD_PREFIX):
        return "neg-wo-call"
    return PROCEDURE_TYPES.get(name, element_name)


def framework_agreement(operators: str | None, declared: bool) -> str | None:
    """BT-765 from the operators element (SINGLE_OPERATOR, SEVERAL_OPERATORS), if any.

    ``declared`` says whether the notice says there is a framework agreement at all.
    """
    if operators == "SINGLE_OPERATOR":
        return FRAMEWORK_SINGLE
    if operators == "SEVERAL_OPERATORS":
        return FRAMEWORK_SEVERAL
    return FRAMEWORK_UNSPECIFIED if declared else None


def reserved_participation(element_names: Iterable[str]) -> list[str]:
    """BT-71 codes, each once, for the reservation elements a notice has."""
    return list(dict.fromkeys(RESERVED[name] for name in element_names if name in RESERVED))


def language(code: str) -> str:
    """The ISO 639-3 code (``eng``) for TED's two-letter code (``EN``); unknown ones lower-cased."""
    code = code.strip().upper()
    return LANGUAGES.get(code, code.lower())


def time_zone(country: str | None) -> dt.tzinfo | None:
    """The zone of the country, or None when it is not known here or on this system."""
    name = _ZONES.get((country or "").upper())
    if name is None:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
