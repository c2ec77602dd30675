from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kjopekraft.browse.alerts import send_alerts


class Command(BaseCommand):
    help = (
        "E-mail the owners of saved searches the notices that newly match them. Each notice is "
        "sent once per saved search, so running it again sends nothing new. Run by a scheduler."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the outcome as JSON.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the new notices; send and record nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        outcomes = send_alerts(dry_run=options["dry_run"])
        failed = [o for o in outcomes if o.error]
        summary = {
            "dry_run": options["dry_run"],
            "saved_searches": len(outcomes),
            "emails": sum(o.sent for o in outcomes),
            "notices": sum(o.new_notices for o in outcomes),
            "failed": len(failed),
            "searches": [o.as_dict() for o in outcomes if o.new_notices or o.error],
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            for o in summary["searches"]:
                state = f"failed: {o['error']}" if o["error"] else "sent" if o["sent"] else "-"
                self.stdout.write(f"{o['name']} ({o['email']}): {o['new_notices']} new, {state}")
            self.stdout.write(
                f"{summary['saved_searches']} saved searches, {summary['emails']} e-mails, "
                f"{summary['notices']} notices"
                + (" (dry run: nothing sent)" if options["dry_run"] else "")
            )
        if failed:
            raise CommandError(f"{len(failed)} alerts could not be sent; the next run tries again")
