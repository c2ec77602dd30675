from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kjopekraft.instruments import advisor, answer

EXIT_USAGE = 2


class Command(BaseCommand):
    help = (
        "Which regulation and procedures a purchase falls under, with the legal basis, the "
        "advice on market dialogue and the instruments that fit. Bad input exits with status 2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--buyer-kind", metavar="state|other|utility")
        parser.add_argument("--type", metavar="goods|services|works")
        parser.add_argument("--value", metavar="NOK", help="Estimated value excluding VAT.")
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="Default: today.")
        for name in advisor.YES_NO_FIELDS:
            parser.add_argument(f"--{name.replace('_', '-')}", metavar="yes|no")
        parser.add_argument("--json", action="store_true", help="Print the answer as JSON.")
        parser.add_argument(
            "--language", default="nb", choices=answer.LANGUAGE_CODES, help="Default: nb."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw = {name: options.get(name) for name in advisor.FIELDS}
        try:
            question = answer.read_question(raw)
        except advisor.InvalidQuestion as exc:
            problems = answer.error_messages(exc, options["language"])
            lines = [
                f"--{name.replace('_', '-')}: {m}" for name, ms in problems.items() for m in ms
            ]
            raise CommandError("\n".join(lines), returncode=EXIT_USAGE) from exc
        document = answer.advice_document(question, options["language"])
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{document['regulation']} {document['regime']}: {document['regime_why']}"
        )
        threshold = document["threshold"]
        self.stdout.write(f"thresholds from {threshold['period_start']} ({threshold['source']})")
        for procedure in document["procedures"]:
            self.stdout.write(
                f"  {procedure['code']:<11} {procedure['status']:<12} {procedure['basis']}"
                f"\n      {procedure['why']}"
            )
        dialogue = document["market_dialogue"]
        self.stdout.write(f"market dialogue ({dialogue['basis']}): {dialogue['advice']}")
        for instrument in document["instruments"]:
            self.stdout.write(f"  instrument {instrument['code']}: {instrument['name']}")
