"""Agreement between hand labels and the assessment: confusion matrix, precision and recall.

Used by the labelled evaluation in the tests and by ``benchmarks/assess.py``; the same figures
go into the documentation of the rules.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Below this many labelled examples a level's precision and recall are not reported.
MIN_SUPPORT = 10


@dataclass(frozen=True, slots=True)
class Label:
    """A hand label: the notice read (its file name without ``.xml``), the level judged for its
    procedure, and the reason in one line."""

    notice: str
    level: str
    reason: str


def read_labels(path: Path) -> list[Label]:
    """Labels from a CSV file with the columns ``notice``, ``innovation`` and ``reason``."""
    with path.open(encoding="utf-8", newline="") as file:
        return [
            Label(row["notice"], row["innovation"], row["reason"]) for row in csv.DictReader(file)
        ]


@dataclass(frozen=True, slots=True)
class LevelScore:
    level: str
    support: int  # labelled with this level
    predicted: int  # assessed at this level
    correct: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.support if self.support else None


@dataclass(frozen=True, slots=True)
class Evaluation:
    levels: tuple[str, ...]  # strongest first
    pairs: tuple[tuple[str, str], ...]  # (label, assessed)

    @classmethod
    def of(cls, levels: Sequence[str], pairs: Iterable[tuple[str, str]]) -> Evaluation:
        return cls(tuple(levels), tuple(pairs))

    @property
    def agreement(self) -> float:
        if not self.pairs:
            return 0.0
        return sum(label == assessed for label, assessed in self.pairs) / len(self.pairs)

    def matrix(self) -> Counter[tuple[str, str]]:
        return Counter(self.pairs)

    def score(self, level: str) -> LevelScore:
        return LevelScore(
            level=level,
            support=sum(label == level for label, _ in self.pairs),
            predicted=sum(assessed == level for _, assessed in self.pairs),
            correct=sum(label == assessed == level for label, assessed in self.pairs),
        )

    def table(self) -> str:
        """The confusion matrix (rows: hand label, columns: assessed) and per-level scores."""
        counts = self.matrix()
        width = max(len(level) for level in self.levels) + 2
        lines = [
            "label \\ assessed".ljust(width + 6) + "".join(lv.rjust(width) for lv in self.levels)
        ]
        for label in self.levels:
            cells = "".join(str(counts[(label, assessed)]).rjust(width) for assessed in self.levels)
            lines.append(label.ljust(width + 6) + cells)
        lines.append("")
        lines.append(
            "level".ljust(width) + "support".rjust(9) + "precision".rjust(11) + "recall".rjust(9)
        )
        for level in self.levels:
            score = self.score(level)
            lines.append(
                level.ljust(width)
                + str(score.support).rjust(9)
                + _ratio(score.precision, score.support).rjust(11)
                + _ratio(score.recall, score.support).rjust(9)
            )
        lines.append(f"agreement: {self.agreement:.0%} of {len(self.pairs)}")
        return "\n".join(lines)


def _ratio(value: float | None, support: int) -> str:
    if value is None or support < MIN_SUPPORT:
        return "n/a"
    return f"{value:.2f}"


# Words a naive count looks for, per aspect, in every language the rules read: the baseline the
# white paper calls not enough ("ikke tilstrekkelig å se på hvor ofte enkelte nøkkelord benyttes").
BASELINE_WORDS: dict[str, tuple[str, ...]] = {
    "green": (
        "miljø", "klima", "environment", "climate", "umwelt", "environnement", "miljö",
        "ympäristö", "milieu", "ambiente", "środowisk", "co2", "utslipp", "emission",
    ),
    "social": (
        "lærling", "apprentice", "sosial", "social", "inkludering", "inclusion", "sozial",
        "lønns- og arbeidsvilkår", "universell utforming", "human rights", "menneskerettigheter",
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Binary:
    """Precision and recall of a yes/no judgement ("any level but none") against the labels."""

    support: int
    predicted: int
    correct: int

    @classmethod
    def of(cls, pairs: Iterable[tuple[bool, bool]]) -> Binary:
        pairs = list(pairs)
        return cls(
            support=sum(label for label, _ in pairs),
            predicted=sum(said for _, said in pairs),
            correct=sum(label and said for label, said in pairs),
        )

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.support if self.support else None


def mentions(text: str, aspect: str) -> bool:
    """The naive count for green and social: any of the aspect's words anywhere in the text."""
    lowered = text.lower()
    return any(word in lowered for word in BASELINE_WORDS[aspect])


def ratio(value: float | None, support: int) -> str:
    """A figure for the report: two decimals, or "n/a" below :data:`MIN_SUPPORT` examples."""
    return _ratio(value, support)
