"""``kjopekraft import-orgs FILE``: organisations from a Central Coordinating Register file.

Exit status: 0 when every unit was imported or unchanged, 1 when some were rejected, 2 for a
usage error (such as a missing file), 3 when the file is broken or not register data (the
units before the break are kept).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from kjopekraft.organisations.brreg import ImportResult, import_file

EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_BROKEN_FILE = 3

# The human summary lists this many rejected units; --json lists them all.
SHOWN_REJECTIONS = 20


class Command(BaseCommand):
    # argparse needs real strings, so the help texts are translated when the parser is built
    # rather than lazily.
    @property
    def help(self) -> str:
        return _(
            "Import organisations from a Brønnøysund Central Coordinating Register file: the "
            "bulk download of units (JSON, optionally gzipped), one unit, or a search page."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("The JSON or .json.gz file."))
        parser.add_argument(
            "--json",
            action="store_true",
            help=_("Print the result as one JSON object."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Read and check the file, and count, but save nothing."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(file)s is not a file.") % {"file": path}, returncode=EXIT_USAGE)
        # disable=None hides the bar when stderr is not a terminal, as in scripts and tests.
        with tqdm(
            total=path.stat().st_size,
            unit="B",
            unit_scale=True,
            desc=path.name,
            file=sys.stderr,
            disable=None,
        ) as bar:
            result = import_file(
                path,
                dry_run=options["dry_run"],
                progress=lambda position: bar.update(position - bar.n),
            )

        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self._summary(result, dry_run=options["dry_run"])

        if result.error is not None:
            raise CommandError(result.error, returncode=EXIT_BROKEN_FILE)
        if result.rejected:
            raise CommandError(
                _("%(count)d of %(seen)d units were rejected.")
                % {"count": len(result.rejected), "seen": result.seen},
                returncode=EXIT_REJECTED,
            )

    def _summary(self, result: ImportResult, *, dry_run: bool) -> None:
        self.stdout.write(
            _(
                "%(seen)d units read: %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(rejected)d rejected."
            )
            % {
                "seen": result.seen,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "rejected": len(result.rejected),
            }
        )
        for rejection in result.rejected[:SHOWN_REJECTIONS]:
            self.stdout.write(
                _("  rejected %(orgnr)s %(name)s: %(reason)s")
                % {
                    "orgnr": rejection.orgnr or "-",
                    "name": rejection.name or "-",
                    "reason": rejection.reason,
                }
            )
        hidden = len(result.rejected) - SHOWN_REJECTIONS
        if hidden > 0:
            self.stdout.write(
                _("  … and %(count)d more (--json lists them all).") % {"count": hidden}
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
