from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kjopekraft.notices.ingest import BATCH_SIZE, ingest

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_FATAL = 0, 1, 2, 3


class Command(BaseCommand):
    help = (
        "Ingest notices from XML files, directories and .zip, .tar.gz or .tar.xz archives. "
        "Re-ingesting the same files changes nothing; bad files are quarantined with their reason."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--workers", type=int, default=1, help="Parsing processes (default 1).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object on stdout.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Notices stored per transaction (default {BATCH_SIZE}).",
        )
        parser.add_argument(
            "--defer-derived",
            action="store_true",
            help=(
                "Store only: leave the assessment, the indicator facts and the search index to "
                "`kjopekraft assess`, `build-facts` and `reindex` (for bulk loads)."
            ),
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=None,
            help="Largest file accepted, in bytes (default NOTICE_MAX_BYTES, 50 MB).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        missing = [p for p in options["paths"] if not Path(p).exists()]
        if missing:
            raise CommandError(
                f"No such file or directory: {', '.join(missing)}", returncode=EXIT_USAGE
            )
        if options["workers"] < 1 or options["batch_size"] < 1:
            raise CommandError(
                "--workers and --batch-size must be at least 1", returncode=EXIT_USAGE
            )
        max_bytes = options["max_bytes"] or settings.NOTICE_MAX_BYTES
        bar = tqdm(desc="Ingesting", unit=" notices", file=sys.stderr, disable=None)
        try:
            report = ingest(
                options["paths"],
                workers=options["workers"],
                max_bytes=max_bytes,
                on_item=bar.update,
                batch_size=options["batch_size"],
                derive=not options["defer_derived"],
            )
        except Exception as exc:  # a fatal error: the database or the disk, not a bad file
            raise CommandError(f"Ingest stopped: {exc}", returncode=EXIT_FATAL) from exc
        finally:
            bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(
                f"{report.seen} notices: {report.new} new, {report.updated} updated, "
                f"{report.unchanged} unchanged, {len(report.rejected)} rejected"
            )
            for item in report.rejected:
                self.stdout.write(f"  rejected {item['path']}: {item['code']}: {item['error']}")
        if report.rejected:
            sys.exit(EXIT_REJECTED)
