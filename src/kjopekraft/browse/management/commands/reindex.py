from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from kjopekraft.browse import search
from kjopekraft.notices.models import Notice


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index of the notice browser from the stored notices. "
        "Ingests keep the index up to date; run this after a change to the search, or to repair."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be indexed; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = Notice.objects.count()
        indexed = 0
        if not options["dry_run"]:
            bar = tqdm(total=total, desc="Indexing", unit=" notices", file=sys.stderr, disable=None)
            try:
                indexed = search.rebuild(on_item=bar.update)
            finally:
                bar.close()
        result = {"backend": search.backend().vendor, "notices": total, "indexed": indexed}
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(f"{indexed} of {total} notices indexed ({result['backend']}).")
