"""`kjopekraft embed`: compute the text vectors of notices and needs that lack a current one."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kjopekraft.programme import similarity
from kjopekraft.programme.models import NoticeEmbedding

BATCH = 16


class Command(BaseCommand):
    help = (
        "Embed notices and needs for the similarity search (multilingual-e5-small). Only texts "
        "that are new or changed are embedded, so a second run does nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would be embedded.")
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        notices = list(similarity.stale_notices())
        needs = list(similarity.stale_needs())
        counts = {"notices": len(notices), "needs": len(needs)}
        if not options["dry_run"] and (notices or needs):
            try:
                self._embed_notices(notices)
                for need, _text in needs:
                    similarity.refresh_need(need)
            except similarity.EmbeddingUnavailable as exc:
                raise CommandError(f"The embedding model cannot be loaded: {exc}") from exc
        counts["dry_run"] = options["dry_run"]
        if options["json"]:
            self.stdout.write(json.dumps(counts))
        else:
            verb = "would embed" if options["dry_run"] else "embedded"
            self.stdout.write(f"{verb} {counts['notices']} notices and {counts['needs']} needs")

    def _embed_notices(self, notices: list[tuple[Any, str]]) -> None:
        started = time.monotonic()
        for start in range(0, len(notices), BATCH):
            batch = notices[start : start + BATCH]
            vectors = similarity.embed([text for _, text in batch])
            for (notice, text), vector in zip(batch, vectors, strict=True):
                NoticeEmbedding.objects.update_or_create(
                    notice=notice,
                    defaults={
                        "key": similarity.key_for(text),
                        "vector": similarity.to_bytes(vector),
                    },
                )
            done = start + len(batch)
            rate = done / max(time.monotonic() - started, 1e-9)
            print(f"\rnotices {done}/{len(notices)} ({rate:.1f}/s)", end="", file=sys.stderr)
        if notices:
            print(file=sys.stderr)
