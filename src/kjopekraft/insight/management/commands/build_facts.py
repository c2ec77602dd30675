from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from kjopekraft.insight.procedure_facts import (
    all_procedures,
    build_facts,
    rebuild_rollups,
    stale_procedures,
)


class Command(BaseCommand):
    help = (
        "Build the facts the indicators count. By default only for procedures without facts or "
        "whose facts are older than their assessment, notices or organisations; --all rebuilds "
        "every procedure's. The roll-ups are then added up again from all the facts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Rebuild every procedure's facts.")
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be built; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids = all_procedures() if options["all"] else stale_procedures()
        built = rollups = 0
        if not options["dry_run"]:
            bar = tqdm(
                total=len(ids),
                desc="Building facts",
                unit=" procedures",
                file=sys.stderr,
                disable=None,
            )
            try:
                built = build_facts(ids, on_item=bar.update)
            finally:
                bar.close()
            rollups = rebuild_rollups()
        result = {"selected": len(ids), "built": built, "rollups": rollups}
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(
                f"{len(ids)} procedures selected, facts built for {built}; {rollups} roll-up rows."
            )
