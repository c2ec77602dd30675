"""The assessment against the hand labels: the figures in docs/assessment.md.

Prints, per aspect and level, the support (labelled examples), precision and recall, and beside
them the same for "any level but none" from the rules and from a plain keyword count. Levels with
fewer than ten labelled examples show "n/a".

    .venv/bin/python benchmarks/evaluate_assessment.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "insight")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kjopekraft.core.settings")
    import test_evaluation as ev

    from kjopekraft.insight.assessment import keyword_hit
    from kjopekraft.insight.assessment.evaluation import Binary, mentions, ratio

    judged = ev.judged.__wrapped__()  # type: ignore[attr-defined]
    print(f"{len(judged)} labelled notices\n")
    for aspect in ("innovation", "green", "social"):
        evaluation = ev.evaluation(judged, aspect)
        print(f"### {aspect}\n")
        print("| level | support | predicted | precision | recall |")
        print("|---|---:|---:|---:|---:|")
        for level in evaluation.levels:
            s = evaluation.score(level)
            print(
                f"| {level} | {s.support} | {s.predicted} | {ratio(s.precision, s.support)} "
                f"| {ratio(s.recall, s.support)} |"
            )
        truth = [row[aspect] != "none" for row, _, _ in judged]
        rules = Binary.of(
            zip(
                truth, [getattr(a, aspect).level.value != "none" for _, a, _ in judged], strict=True
            )
        )
        if aspect == "innovation":
            said = [any(keyword_hit(n) for n in group) for _, _, group in judged]
        else:
            said = [any(mentions(ev._text(n), aspect) for n in group) for _, _, group in judged]
        words = Binary.of(zip(truth, said, strict=True))
        print("\n| any level but none | support | predicted | precision | recall |")
        print("|---|---:|---:|---:|---:|")
        for name, b in (("rules", rules), ("keyword count", words)):
            print(
                f"| {name} | {b.support} | {b.predicted} | {ratio(b.precision, b.support)} "
                f"| {ratio(b.recall, b.support)} |"
            )
        print(f"\nagreement over all levels: {evaluation.agreement:.0%}\n")
        print("confusion (rows: label, columns: assessed)\n")
        print("```")
        print(evaluation.table().split("\n\n")[0])
        print("```\n")


if __name__ == "__main__":
    main()
