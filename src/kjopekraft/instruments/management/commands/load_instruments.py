from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kjopekraft.instruments.catalogue import (
    DATA_FILE,
    CatalogueError,
    load_catalogue,
    read_catalogue,
)
from kjopekraft.instruments.models import Condition, Instrument, Phase

EXIT_USAGE = 2


class Command(BaseCommand):
    help = (
        "Load the instrument catalogue from its data file. Idempotent; instruments that advisers "
        "edited in the admin are kept, and a changed file entry for one of them is reported as a "
        "conflict (use --overwrite CODE to let the file win)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=DATA_FILE, help="Default: the shipped file."
        )
        parser.add_argument(
            "--overwrite",
            action="append",
            default=[],
            metavar="CODE",
            help="Let the file win for this instrument even if it was edited (repeatable).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            entries = read_catalogue(options["file"])
        except CatalogueError as exc:
            raise CommandError(str(exc), returncode=EXIT_USAGE) from exc
        unknown = sorted(set(options["overwrite"]) - {entry["code"] for entry in entries})
        if unknown:
            raise CommandError(
                f"--overwrite names instruments not in the file: {', '.join(unknown)}",
                returncode=EXIT_USAGE,
            )
        report = load_catalogue(
            Instrument,
            Phase,
            Condition,
            entries=entries,
            overwrite=options["overwrite"],
            dry_run=options["dry_run"],
        )
        for code in report.conflicts:
            self.stderr.write(
                f"{code}: the file changed, but an adviser edited the instrument; the edit is "
                f"kept (--overwrite {code} lets the file win)"
            )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            return
        prefix = "would be " if report.dry_run else ""
        self.stdout.write(
            f"{len(entries)} instruments in the file: {len(report.created)} {prefix}created, "
            f"{len(report.updated)} {prefix}updated, {len(report.unchanged)} unchanged, "
            f"{len(report.kept)} kept as edited, {len(report.conflicts)} conflicts, "
            f"{len(report.overwritten)} {prefix}overwritten"
        )
        if report.not_in_file:
            self.stdout.write(f"not in the file, left alone: {', '.join(report.not_in_file)}")
