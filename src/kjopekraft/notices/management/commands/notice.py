from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kjopekraft.notices.api import notice_detail_document
from kjopekraft.notices.models import Notice


class Command(BaseCommand):
    help = (
        "Look at stored notices: `notice show ID` by identifier, identifier@version, "
        "Doffin ID or TED publication number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="Show one notice (the newest version by default).")
        show.add_argument("ident", metavar="ID")
        show.add_argument("--json", action="store_true", help="Print the notice as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        notice = Notice.objects.lookup(options["ident"])
        if notice is None:
            self.stderr.write(f"No notice {options['ident']!r} is stored.")
            sys.exit(1)
        doc = notice_detail_document(notice)
        if options["json"]:
            self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2))
            return
        title = next(iter(doc["title"].values()), "")
        self.stdout.write(f"{doc['id']}@{doc['version']}  {title}")
        self.stdout.write(
            f"  source {doc['source']}, type {doc['notice_type']}, subtype {doc['notice_subtype']}"
        )
        self.stdout.write(
            f"  published {doc['publication_date']}, aliases {', '.join(doc['aliases']) or '-'}"
        )
        self.stdout.write(f"  procedure {doc['procedure']['id']} ({doc['procedure']['type']})")
        for buyer in doc["buyers"]:
            self.stdout.write(f"  buyer {buyer['name']} {buyer['identifier'] or ''}")
        self.stdout.write(f"  {len(doc['lots'])} lots, {len(doc['results'])} results")
        if doc["warnings"]:
            for warning in doc["warnings"]:
                self.stdout.write(f"  warning: {warning}")
