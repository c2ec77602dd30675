from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kjopekraft.insight.indicators import GroupKey, InvalidQuery, Query, make_query
from kjopekraft.insight.models import IndicatorRollup

EXIT_USAGE = 2

# The spreading of programme solutions (issue: solutions and outcomes) is grouped by year, county
# and municipality size only, and is not split by notice source.
SPREADING_KEYS = {"year", "county", "municipality_size"}


def spreading(query: Query) -> list[dict[str, Any]]:
    """The solution-spreading figures that fit the query, in the same shape as the others."""
    from kjopekraft.solutions.indicators import spreading_indicators

    by = [key.value for key in query.by]
    if query.source or not set(by) <= SPREADING_KEYS:
        return []
    in_years = "year" in by
    return spreading_indicators(
        by=by,
        year_from=query.year_from if in_years else None,
        year_to=query.year_to if in_years else None,
    )


class Command(BaseCommand):
    help = (
        "The indicators of innovative, green and social procurement, from the fact table "
        "(definitions in docs/indicators.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        keys = ", ".join(key.value for key in GroupKey)
        parser.add_argument(
            "--by",
            nargs="+",
            action="extend",
            default=[],
            metavar="KEY",
            help=f"Group by these keys, in this order: {keys}.",
        )
        parser.add_argument("--from", dest="year_from", metavar="YEAR", help="First year.")
        parser.add_argument("--to", dest="year_to", metavar="YEAR", help="Last year.")
        parser.add_argument("--source", help="Only procedures from doffin or ted.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            query = make_query(
                options["by"], options["year_from"], options["year_to"], options["source"]
            )
        except InvalidQuery as exc:
            raise CommandError(f"--{exc.field}: {exc.message}", returncode=EXIT_USAGE) from exc
        figures = IndicatorRollup.objects.figures(query) + spreading(query)
        if options["json"]:
            self.stdout.write(json.dumps({"indicators": figures}, ensure_ascii=False))
            return
        for figure in figures:
            group = ", ".join(f"{key}={value}" for key, value in figure["group"].items())
            value = "–" if figure["value"] is None else f"{figure['value']:.4f}"
            self.stdout.write(
                f"{figure['id']:<28} {group:<40} {figure['numerator']:>8} / "
                f"{figure['denominator']:<8} {value}"
            )
