"""Assessment speed, and how the assessment compares with hand labels and with a keyword count.

Parses every notice the project ships (data/notices, archives included; notices in a format
that cannot be read yet are skipped and counted), groups them into procedures by
``Notice.procedure_key``, and assesses every procedure ``--rounds`` times. Prints:

- procedures and notices assessed per second, in one process;
- the levels found for innovation, green and social;
- the naive keyword count next to the innovation assessment;
- the confusion matrix against the hand labels in tests/insight/labels.csv.

    .venv/bin/python benchmarks/assess.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from pathlib import Path

from kjopekraft.insight.assessment import (
    Assessment,
    Dimension,
    InnovationLevel,
    assess_procedure,
    keyword_hit,
)
from kjopekraft.insight.assessment.evaluation import Evaluation, Label, read_labels
from kjopekraft.notices.files import iter_inputs
from kjopekraft.notices.model import Notice, NoticeRejected
from kjopekraft.notices.parse import parse_notice

ROOT = Path(__file__).resolve().parents[1]
NOTICES = ROOT / "data" / "notices"
LABELS = ROOT / "tests" / "insight" / "labels.csv"


def load() -> tuple[dict[str, Notice], int]:
    """The shipped notices by file stem, and how many files could not be read."""
    notices: dict[str, Notice] = {}
    skipped = 0
    for item in iter_inputs([NOTICES]):
        if item.data is None:
            skipped += 1
            continue
        try:
            notice = parse_notice(item.data, name=item.name)
        except NoticeRejected:
            skipped += 1
            continue
        stem = item.name.rsplit("/", 1)[-1].rsplit("!", 1)[-1].removesuffix(".xml")
        notices[stem] = notice
    return notices, skipped


def procedures(notices: dict[str, Notice]) -> dict[str, list[Notice]]:
    grouped: dict[str, list[Notice]] = defaultdict(list)
    for notice in notices.values():
        grouped[notice.procedure_key].append(notice)
    return dict(grouped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    notices, skipped = load()
    grouped = procedures(notices)
    count = sum(len(group) for group in grouped.values())
    print(f"{len(notices)} notices in {len(grouped)} procedures ({skipped} files not readable yet)")

    started = time.perf_counter()
    for _ in range(args.rounds):
        assessments = {key: assess_procedure(group) for key, group in grouped.items()}
    elapsed = time.perf_counter() - started
    print(
        f"assessed {len(grouped) * args.rounds} procedures in {elapsed:.2f} s: "
        f"{len(grouped) * args.rounds / elapsed:,.0f} procedures/s, "
        f"{count * args.rounds / elapsed:,.0f} notices/s (one process)"
    )

    print()
    for dimension in Dimension:
        levels = Counter(a[dimension].level.value for a in assessments.values())
        print(f"{dimension.value:<11}", ", ".join(f"{lv}: {n}" for lv, n in sorted(levels.items())))

    print()
    keyword = {key: any(keyword_hit(n) for n in group) for key, group in grouped.items()}
    print("keyword count vs assessment (procedures):")
    table = Counter((keyword[key], assessments[key].innovation.level.value) for key in grouped)
    for (hit, level), n in sorted(table.items(), key=lambda item: (not item[0][0], item[0][1])):
        print(f"  keyword {'hit ' if hit else 'miss'}  {level:<11} {n}")

    print()
    print(f"hand labels ({LABELS.relative_to(ROOT)}), innovation:")
    print(labelled(read_labels(LABELS), notices, assessments).table())


def labelled(
    labels: list[Label], notices: dict[str, Notice], assessments: dict[str, Assessment]
) -> Evaluation:
    pairs = [
        (label.level, assessments[notices[label.notice].procedure_key].innovation.level.value)
        for label in labels
    ]
    return Evaluation.of([level.value for level in InnovationLevel], pairs)


if __name__ == "__main__":
    main()
