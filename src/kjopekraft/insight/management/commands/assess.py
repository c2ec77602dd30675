from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kjopekraft.insight.assessing import all_procedures, assess_procedures, stale_procedures
from kjopekraft.insight.assessment import ASSESSMENT_VERSION


class Command(BaseCommand):
    help = (
        "Assess procedures for innovation, green and social procurement. By default only those "
        "never assessed or assessed by an older rule set; --all re-assesses everything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Re-assess every procedure.")
        parser.add_argument("--workers", type=int, default=1, help="Processes (default 1).")
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be assessed; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1", returncode=2)
        ids = all_procedures() if options["all"] else stale_procedures()
        assessed = 0
        if not options["dry_run"]:
            bar = tqdm(
                total=len(ids), desc="Assessing", unit=" procedures", file=sys.stderr, disable=None
            )
            try:
                assessed = assess_procedures(ids, workers=options["workers"], on_item=bar.update)
            finally:
                bar.close()
        result = {"rule_set": ASSESSMENT_VERSION, "selected": len(ids), "assessed": assessed}
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(
                f"Rule set {ASSESSMENT_VERSION}: {len(ids)} procedures selected, "
                f"{assessed} assessed."
            )
