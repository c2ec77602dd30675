"""The evidence model: what an assessment says about a procedure, and why.

An :class:`Assessment` holds three :class:`DimensionResult` (innovation, green, social). Each has a
level and the :class:`Evidence` behind it. Every evidence item names its :class:`Signal` (a stable
code that stored assessments and the API use), where it was found (:class:`Location`: the field
with the notice and lots, or the text passage with its language) and what it showed (``value``
and ``details``). :mod:`.explain` turns an item into words in bokmål, nynorsk or English.

Levels are listed strongest first in each enumeration; :func:`strength` gives the rank.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


class Dimension(enum.StrEnum):
    INNOVATION = "innovation"
    GREEN = "green"
    SOCIAL = "social"


class InnovationLevel(enum.StrEnum):
    """Strongest first. ``declared`` and ``procedural`` rest on one fact; ``indicative`` needs
    converging evidence of at least two independent kinds."""

    DECLARED = "declared"
    PROCEDURAL = "procedural"
    INDICATIVE = "indicative"
    NONE = "none"


class GreenLevel(enum.StrEnum):
    """Strongest first: declared fields, environmental award criteria, environmental text."""

    DECLARED = "declared"
    CRITERIA = "criteria"
    TEXT = "text"
    NONE = "none"


class SocialLevel(enum.StrEnum):
    """Strongest first: declared fields, reserved participation, social clauses in the text."""

    DECLARED = "declared"
    RESERVED = "reserved"
    TEXT = "text"
    NONE = "none"


Level = InnovationLevel | GreenLevel | SocialLevel

LEVELS: Mapping[Dimension, type[InnovationLevel] | type[GreenLevel] | type[SocialLevel]] = {
    Dimension.INNOVATION: InnovationLevel,
    Dimension.GREEN: GreenLevel,
    Dimension.SOCIAL: SocialLevel,
}


def strength(level: Level) -> int:
    """0 for the strongest level of its dimension; ``none`` has the highest number."""
    return list(type(level)).index(level)


class Kind(enum.StrEnum):
    """The independent kinds of indicative innovation evidence; two different kinds converge."""

    MARKET_DIALOGUE = "market-dialogue"
    FUNCTIONAL_SPECIFICATION = "functional-specification"
    VARIANTS = "variants"
    QUALITY_WEIGHT = "quality-weight"
    NOVELTY = "novelty"


class Signal(enum.StrEnum):
    """Every kind of evidence the rules can report. The values are stored: never rename one."""

    # Innovation: declared
    INNOVATIVE_ACQUISITION = "innovation.bt-776"
    STRATEGIC_INNOVATION = "innovation.bt-06-inn-pur"
    # Innovation: procedural
    INNOVATION_PARTNERSHIP = "innovation.innovation-partnership"
    COMPETITIVE_DIALOGUE = "innovation.competitive-dialogue"
    PRE_COMMERCIAL = "innovation.pre-commercial"
    RD_SERVICES = "innovation.rd-services"
    # Innovation: indicative kinds
    PLANNING_NOTICE = "innovation.planning-notice"
    PLANNING_REFERENCE = "innovation.planning-reference"
    DIALOGUE_TEXT = "innovation.dialogue-text"
    FUNCTIONAL_TEXT = "innovation.functional-text"
    VARIANTS = "innovation.variants"
    QUALITY_WEIGHT = "innovation.quality-weight"
    NOVELTY_TEXT = "innovation.novelty-text"
    # Innovation: seen and not counted
    NEGATED_INNOVATION = "innovation.negated-text"
    # Green
    STRATEGIC_GREEN = "green.bt-06-env-imp"
    ENVIRONMENTAL_IMPACT = "green.bt-774"
    GREEN_CRITERIA = "green.bt-805"
    NOR_ENV_CRITERIA = "green.foa-7-9-criteria"
    NOR_ENV_SPEC = "green.foa-7-9-spec"
    ENV_AWARD_CRITERION = "green.award-criterion"
    GREEN_TEXT = "green.text"
    NOR_ENV_EXEMPT = "green.foa-7-9-exempt"
    NOR_ENV_EXEMPT_TEXT = "green.foa-7-9-exempt-text"
    NEGATED_GREEN = "green.negated-text"
    # Social
    STRATEGIC_SOCIAL = "social.bt-06-soc-obj"
    SOCIAL_OBJECTIVE = "social.bt-775"
    RESERVED = "social.bt-71"
    SOCIAL_AWARD_CRITERION = "social.award-criterion"
    WORK_INCLUSION = "social.work-inclusion"
    APPRENTICES = "social.apprentices"
    FAIR_WORK = "social.fair-work"
    UNIVERSAL_DESIGN = "social.universal-design"
    STATUTORY_CLAUSE = "social.statutory-clause"
    NEGATED_SOCIAL = "social.negated-text"


@dataclass(frozen=True, slots=True)
class SignalInfo:
    dimension: Dimension
    # The level this signal supports on its own; ``none`` for what is seen but not counted.
    level: Level
    kind: Kind | None = None


_I, _G, _S = InnovationLevel, GreenLevel, SocialLevel
SIGNALS: Mapping[Signal, SignalInfo] = {
    Signal.INNOVATIVE_ACQUISITION: SignalInfo(Dimension.INNOVATION, _I.DECLARED),
    Signal.STRATEGIC_INNOVATION: SignalInfo(Dimension.INNOVATION, _I.DECLARED),
    Signal.INNOVATION_PARTNERSHIP: SignalInfo(Dimension.INNOVATION, _I.PROCEDURAL),
    Signal.COMPETITIVE_DIALOGUE: SignalInfo(Dimension.INNOVATION, _I.PROCEDURAL),
    Signal.PRE_COMMERCIAL: SignalInfo(Dimension.INNOVATION, _I.PROCEDURAL),
    Signal.RD_SERVICES: SignalInfo(Dimension.INNOVATION, _I.PROCEDURAL),
    Signal.PLANNING_NOTICE: SignalInfo(Dimension.INNOVATION, _I.INDICATIVE, Kind.MARKET_DIALOGUE),
    Signal.PLANNING_REFERENCE: SignalInfo(
        Dimension.INNOVATION, _I.INDICATIVE, Kind.MARKET_DIALOGUE
    ),
    Signal.DIALOGUE_TEXT: SignalInfo(Dimension.INNOVATION, _I.INDICATIVE, Kind.MARKET_DIALOGUE),
    Signal.FUNCTIONAL_TEXT: SignalInfo(
        Dimension.INNOVATION, _I.INDICATIVE, Kind.FUNCTIONAL_SPECIFICATION
    ),
    Signal.VARIANTS: SignalInfo(Dimension.INNOVATION, _I.INDICATIVE, Kind.VARIANTS),
    Signal.QUALITY_WEIGHT: SignalInfo(Dimension.INNOVATION, _I.INDICATIVE, Kind.QUALITY_WEIGHT),
    Signal.NOVELTY_TEXT: SignalInfo(Dimension.INNOVATION, _I.INDICATIVE, Kind.NOVELTY),
    Signal.NEGATED_INNOVATION: SignalInfo(Dimension.INNOVATION, _I.NONE),
    Signal.STRATEGIC_GREEN: SignalInfo(Dimension.GREEN, _G.DECLARED),
    Signal.ENVIRONMENTAL_IMPACT: SignalInfo(Dimension.GREEN, _G.DECLARED),
    Signal.GREEN_CRITERIA: SignalInfo(Dimension.GREEN, _G.DECLARED),
    Signal.NOR_ENV_CRITERIA: SignalInfo(Dimension.GREEN, _G.DECLARED),
    Signal.NOR_ENV_SPEC: SignalInfo(Dimension.GREEN, _G.DECLARED),
    Signal.ENV_AWARD_CRITERION: SignalInfo(Dimension.GREEN, _G.CRITERIA),
    Signal.GREEN_TEXT: SignalInfo(Dimension.GREEN, _G.TEXT),
    Signal.NOR_ENV_EXEMPT: SignalInfo(Dimension.GREEN, _G.NONE),
    Signal.NOR_ENV_EXEMPT_TEXT: SignalInfo(Dimension.GREEN, _G.NONE),
    Signal.NEGATED_GREEN: SignalInfo(Dimension.GREEN, _G.NONE),
    Signal.STRATEGIC_SOCIAL: SignalInfo(Dimension.SOCIAL, _S.DECLARED),
    Signal.SOCIAL_OBJECTIVE: SignalInfo(Dimension.SOCIAL, _S.DECLARED),
    Signal.RESERVED: SignalInfo(Dimension.SOCIAL, _S.RESERVED),
    Signal.SOCIAL_AWARD_CRITERION: SignalInfo(Dimension.SOCIAL, _S.TEXT),
    Signal.WORK_INCLUSION: SignalInfo(Dimension.SOCIAL, _S.TEXT),
    Signal.APPRENTICES: SignalInfo(Dimension.SOCIAL, _S.TEXT),
    Signal.FAIR_WORK: SignalInfo(Dimension.SOCIAL, _S.TEXT),
    Signal.UNIVERSAL_DESIGN: SignalInfo(Dimension.SOCIAL, _S.TEXT),
    Signal.STATUTORY_CLAUSE: SignalInfo(Dimension.SOCIAL, _S.NONE),
    Signal.NEGATED_SOCIAL: SignalInfo(Dimension.SOCIAL, _S.NONE),
}

_SIGNAL_ORDER = {signal: index for index, signal in enumerate(Signal)}


@dataclass(frozen=True, slots=True)
class Location:
    """Where an item was found: a field (``BT-776-Lot``) of a notice and its lots, or a passage
    of text in a language (then ``field`` is the text field, such as ``BT-24-Lot``)."""

    notice_id: str
    field: str
    lots: tuple[str, ...] = ()
    language: str | None = None
    passage: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    signal: Signal
    location: Location
    # What the item showed: the code, the phrase matched, or the weight.
    value: str = ""
    # Further facts for the explanation, such as the weight and the minimum it is compared to.
    details: tuple[tuple[str, str], ...] = ()

    @property
    def info(self) -> SignalInfo:
        return SIGNALS[self.signal]

    @property
    def dimension(self) -> Dimension:
        return self.info.dimension

    @property
    def level(self) -> Level:
        return self.info.level

    @property
    def kind(self) -> Kind | None:
        return self.info.kind

    @property
    def counted(self) -> bool:
        """False for what was seen but does not count (negated text, exemptions, boilerplate)."""
        return strength(self.info.level) < strength(LEVELS[self.dimension].NONE)

    def detail(self, name: str) -> str | None:
        return dict(self.details).get(name)

    def sort_key(self) -> tuple[int, int, str, str, tuple[str, ...], str, str, str]:
        loc = self.location
        return (
            strength(self.level),
            _SIGNAL_ORDER[self.signal],
            loc.notice_id,
            loc.field,
            loc.lots,
            loc.language or "",
            self.value,
            loc.passage or "",
        )

    def to_dict(self) -> dict[str, Any]:
        loc = self.location
        return {
            "signal": self.signal.value,
            "counted": self.counted,
            "notice": loc.notice_id,
            "field": loc.field,
            "lots": list(loc.lots),
            "language": loc.language,
            "passage": loc.passage,
            "value": self.value,
            "details": dict(self.details),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evidence:
        return cls(
            signal=Signal(data["signal"]),
            location=Location(
                notice_id=data["notice"],
                field=data["field"],
                lots=tuple(data.get("lots") or ()),
                language=data.get("language"),
                passage=data.get("passage"),
            ),
            value=data.get("value") or "",
            details=tuple(sorted((data.get("details") or {}).items())),
        )


@dataclass(frozen=True, slots=True)
class DimensionResult:
    dimension: Dimension
    level: Level
    evidence: tuple[Evidence, ...] = ()

    @property
    def counted(self) -> tuple[Evidence, ...]:
        return tuple(item for item in self.evidence if item.counted)

    @property
    def kinds(self) -> frozenset[Kind]:
        """The indicative kinds among the counted evidence (innovation only)."""
        return frozenset(item.kind for item in self.counted if item.kind is not None)

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level.value, "evidence": [e.to_dict() for e in self.evidence]}

    @classmethod
    def from_dict(cls, dimension: Dimension, data: Mapping[str, Any]) -> DimensionResult:
        return cls(
            dimension=dimension,
            level=LEVELS[dimension](data["level"]),
            evidence=tuple(Evidence.from_dict(item) for item in data.get("evidence") or ()),
        )


@dataclass(frozen=True, slots=True)
class Assessment:
    """The assessment of one procedure over all its notices (and linked planning notices)."""

    procedure_key: str
    version: str
    innovation: DimensionResult
    green: DimensionResult
    social: DimensionResult
    notices: tuple[str, ...] = field(default=())

    def __getitem__(self, dimension: Dimension) -> DimensionResult:
        return {
            Dimension.INNOVATION: self.innovation,
            Dimension.GREEN: self.green,
            Dimension.SOCIAL: self.social,
        }[dimension]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, the shape the API shows and the database stores."""
        return {
            "procedure": self.procedure_key,
            "version": self.version,
            "notices": list(self.notices),
            "innovation": self.innovation.to_dict(),
            "green": self.green.to_dict(),
            "social": self.social.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        return cls(
            procedure_key=data["procedure"],
            version=data["version"],
            notices=tuple(data.get("notices") or ()),
            innovation=DimensionResult.from_dict(Dimension.INNOVATION, data["innovation"]),
            green=DimensionResult.from_dict(Dimension.GREEN, data["green"]),
            social=DimensionResult.from_dict(Dimension.SOCIAL, data["social"]),
        )


def result(dimension: Dimension, evidence: Sequence[Evidence], level: Level) -> DimensionResult:
    """A dimension result with its evidence merged and in a stable order, strongest first."""
    return DimensionResult(dimension, level, merge(evidence))


def merge(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    """One item per signal, notice and finding, with the lots joined.

    A notice with fifty lots that all declare the same code gives one item naming the fifty
    lots, not fifty items; a phrase found in several fields of a notice (a lot repeats the
    procedure's description) is shown once, with the first passage it was found in."""
    merged: dict[tuple[Signal, str, str, str, str, tuple[tuple[str, str], ...]], Evidence] = {}
    for item in evidence:
        loc = item.location
        # Text is keyed by the phrase found, a field by its name.
        where = "" if loc.passage is not None else loc.field
        value = item.value.lower()
        key = (item.signal, loc.notice_id, where, loc.language or "", value, item.details)
        seen = merged.get(key)
        if seen is None:
            merged[key] = item
            continue
        lots = tuple(sorted(set(seen.location.lots) | set(loc.lots)))
        if lots != seen.location.lots:
            merged[key] = Evidence(
                seen.signal,
                Location(
                    loc.notice_id, seen.location.field, lots, loc.language, seen.location.passage
                ),
                seen.value,
                seen.details,
            )
    return tuple(sorted(merged.values(), key=Evidence.sort_key))
