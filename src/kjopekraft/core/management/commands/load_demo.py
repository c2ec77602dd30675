from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kjopekraft.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo personas and organisations (idempotent: a second run adds nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo sign-ins even in production (they have a known password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError("Refusing to create demo sign-ins in production.")
        created = load_demo()
        if options["json"]:
            self.stdout.write(json.dumps(created))
        else:
            self.stdout.write(
                "Demo data: {organisations} new organisations, {people} new people, "
                "{memberships} new memberships.".format(**created)
            )
