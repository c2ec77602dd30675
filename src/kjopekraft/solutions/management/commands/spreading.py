"""`kjopekraft spreading`: the spreading indicators as a table, CSV or JSON."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kjopekraft.solutions.indicators import spreading_indicators
from kjopekraft.solutions.spreading import GroupKey, InvalidQuery


class Command(BaseCommand):
    help = (
        "Print the spreading indicators of catalogue solutions: adopters per solution, days "
        "from the pilot to the second and fifth adopter, and the share of municipalities "
        "that adopted a programme solution."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--by",
            default="",
            help="Group by these keys, comma-separated: " + ", ".join(k.value for k in GroupKey),
        )
        parser.add_argument("--indicator", action="append", help="Only this indicator")
        parser.add_argument(
            "--from", dest="year_from", type=int, help="First year (with --by year)"
        )
        parser.add_argument("--to", dest="year_to", type=int, help="Last year (with --by year)")
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="JSON, for scripts")
        output.add_argument("--csv", action="store_true", help="CSV with a header row")

    def handle(self, *args: Any, **options: Any) -> None:
        by = [k for k in options["by"].split(",") if k.strip()]
        try:
            figures = spreading_indicators(
                by=by,
                indicators=options["indicator"],
                year_from=options["year_from"],
                year_to=options["year_to"],
            )
        except InvalidQuery as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        keys = [k.strip() for k in by]
        rows = [
            [
                f["id"],
                *(str(f["group"][k]) for k in keys),
                f["numerator"],
                f["denominator"],
                "" if f["value"] is None else f"{f['value']:.4g}",
            ]
            for f in figures
        ]
        header = ["indicator", *keys, "numerator", "denominator", "value"]
        if options["csv"]:
            writer = csv.writer(self.stdout)
            writer.writerow(header)
            writer.writerows(rows)
            return
        widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
        for row in [header, *rows]:
            self.stdout.write(
                "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            )
        if not rows:
            self.stderr.write("No figures.")
