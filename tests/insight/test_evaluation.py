"""The assessment against the independent ground truth: precision and recall per level.

The figures reached are in docs/assessment.md; each is a floor here, so a rule change that makes
any of them worse fails. Levels with fewer than ten labelled examples are not scored ("n/a").
"""

from __future__ import annotations

import csv
import tarfile
from collections import defaultdict
from pathlib import Path

import pytest

from kjopekraft.insight.assessment import (
    Assessment,
    GreenLevel,
    InnovationLevel,
    SocialLevel,
    assess_procedure,
    keyword_hit,
)
from kjopekraft.insight.assessment.evaluation import (
    MIN_SUPPORT,
    Binary,
    Evaluation,
    mentions,
)
from kjopekraft.notices.model import Notice
from kjopekraft.notices.parse import parse_notice

ROOT = Path(__file__).resolve().parents[2]
LABELS = Path(__file__).with_name("labels") / "labels.csv"
NOTICES = ROOT / "data" / "notices"
LEGACY = NOTICES / "ted-legacy-sample.tar.xz"
LEVELS = {"innovation": InnovationLevel, "green": GreenLevel, "social": SocialLevel}

# (aspect, level) → (precision, recall) reached on the 260 labels; see docs/assessment.md.
FLOORS: dict[tuple[str, str], tuple[float, float]] = {
    ("innovation", "procedural"): (0.95, 0.97),
    ("innovation", "none"): (0.99, 0.99),
    ("green", "text"): (0.68, 0.45),
    ("green", "none"): (0.90, 0.97),
    ("social", "text"): (0.75, 0.23),
    ("social", "none"): (0.96, 0.98),
}
# "Any level but none" from the rules: (precision, recall).
ANY_LEVEL_FLOORS = {"innovation": (0.95, 0.95), "green": (0.80, 0.53), "social": (0.75, 0.50)}


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".xml")


def _text(notice: Notice) -> str:
    parts = [*notice.title.values(), *notice.description.values()]
    for lot in notice.lots:
        parts += [*lot.title.values(), *lot.description.values()]
        for criterion in lot.award_criteria:
            parts += [*criterion.name.values(), *criterion.description.values()]
    return " ".join(parts)


@pytest.fixture(scope="module")
def judged() -> list[tuple[dict[str, str], Assessment, list[Notice]]]:
    with LABELS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    notices = {p.stem: parse_notice(p.read_bytes(), name=str(p)) for p in NOTICES.glob("*/*.xml")}
    wanted = {_stem(row["file"]) for row in rows}
    with tarfile.open(LEGACY) as tar:
        for member in tar:
            stem = _stem(member.name)
            if stem in wanted and member.isfile():
                data = tar.extractfile(member)
                assert data is not None
                notices[stem] = parse_notice(data.read(), name=member.name)
    missing = wanted - set(notices)
    assert not missing, f"labelled notices not shipped: {sorted(missing)[:5]}"
    procedures: dict[str, list[Notice]] = defaultdict(list)
    for notice in notices.values():
        procedures[notice.procedure_key].append(notice)
    result = []
    for row in rows:
        notice = notices[_stem(row["file"])]
        group = procedures[notice.procedure_key]
        result.append((row, assess_procedure(group), group))
    return result


def evaluation(judged: list, aspect: str) -> Evaluation:
    return Evaluation.of(
        [level.value for level in LEVELS[aspect]],
        [(row[aspect], getattr(assessment, aspect).level.value) for row, assessment, _ in judged],
    )


def test_there_are_at_least_200_labels(judged: list) -> None:
    assert len(judged) >= 200


@pytest.mark.parametrize(("aspect", "level"), sorted(FLOORS))
def test_precision_and_recall_do_not_fall(judged: list, aspect: str, level: str) -> None:
    score = evaluation(judged, aspect).score(level)
    assert score.support >= MIN_SUPPORT
    precision, recall = FLOORS[(aspect, level)]
    assert score.precision is not None and score.precision >= precision
    assert score.recall is not None and score.recall >= recall


@pytest.mark.parametrize("aspect", sorted(ANY_LEVEL_FLOORS))
def test_any_level_beats_or_matches_the_floor(judged: list, aspect: str) -> None:
    rules = Binary.of(
        (row[aspect] != "none", getattr(a, aspect).level.value != "none") for row, a, _ in judged
    )
    precision, recall = ANY_LEVEL_FLOORS[aspect]
    assert rules.precision is not None and rules.precision >= precision
    assert rules.recall is not None and rules.recall >= recall


def test_rules_beat_the_keyword_count_for_innovation(judged: list) -> None:
    truth = [row["innovation"] != "none" for row, _, _ in judged]
    rules = [a.innovation.level.value != "none" for _, a, _ in judged]
    keywords = [any(keyword_hit(n) for n in group) for _, _, group in judged]
    right_rules = sum(t == r for t, r in zip(truth, rules, strict=True))
    right_keywords = sum(t == k for t, k in zip(truth, keywords, strict=True))
    assert right_rules > right_keywords


def test_keyword_baseline_is_computed_for_green_and_social(judged: list) -> None:
    for aspect in ("green", "social"):
        baseline = Binary.of(
            (row[aspect] != "none", any(mentions(_text(n), aspect) for n in group))
            for row, _, group in judged
        )
        assert baseline.support > 0 and baseline.predicted > 0
