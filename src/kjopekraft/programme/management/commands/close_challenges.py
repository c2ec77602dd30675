"""`kjopekraft close-challenges`: close published challenges whose proposal deadline has passed.

Meant for a scheduled job. The platform never depends on it for fairness: proposals cannot be
changed after the deadline whether or not the challenge has been closed.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kjopekraft.programme import actions
from kjopekraft.programme.models import Challenge


class Command(BaseCommand):
    help = "Close every published challenge whose deadline for proposals has passed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List them without closing.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            due = list(Challenge.objects.past_proposal_deadline())
        else:
            due = actions.close_due_challenges()
        result = {"closed": [c.pk for c in due], "dry_run": options["dry_run"]}
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            for challenge in due:
                self.stdout.write(f"{challenge.pk}\t{challenge.title}")
