from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict
from django.utils import translation
from tqdm import tqdm

from kjopekraft.browse.exports import FORMATS, DirectoryTarget, Target, ZipTarget, export
from kjopekraft.browse.filters import MULTI
from kjopekraft.browse.forms import SearchForm
from kjopekraft.browse.models import BrowsableNotice

EXIT_USAGE = 2


class Command(BaseCommand):
    help = (
        "Export the notices that match a search as OCDS release packages, CSV or Parquet, with "
        "their sources and licences. OUT is a folder, or a file ending in .zip. The filters are "
        "those of the notice browser; repeat an option for several values."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("format", choices=FORMATS)
        parser.add_argument("out", metavar="OUT")
        parser.add_argument("--q", default="", help="Search words.")
        for name in MULTI:
            parser.add_argument(f"--{name}", action="append", default=[], metavar="VALUE")
        parser.add_argument("--buyer", default="", help="Buyer name or organisation number.")
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        data = QueryDict(mutable=True)
        data["q"] = options["q"]
        data["buyer"] = options["buyer"]
        for name in MULTI:
            data.setlist(name, options[name])
        if options["cpv"]:
            data["cpv"] = " ".join(options["cpv"])
        form = SearchForm(data)
        if not form.is_valid():
            errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
            raise CommandError(f"Bad filter: {errors}", returncode=EXIT_USAGE)
        filters = form.filters()
        notices = BrowsableNotice.objects.search(filters)
        out = Path(options["out"])
        target: Target
        if out.suffix == ".zip":
            out.parent.mkdir(parents=True, exist_ok=True)
            stream = out.open("wb")
            target = ZipTarget(stream)
        else:
            if out.exists() and any(out.iterdir()):
                raise CommandError(f"{out} is not empty", returncode=EXIT_USAGE)
            stream = None
            target = DirectoryTarget(out)
        count = notices.count()
        bar = tqdm(desc=f"Exporting {count} notices", unit=" batches", file=sys.stderr)
        rows = 0
        try:
            # The README is written in bokmål, the platform's default language.
            with translation.override("nb"):
                for rows in export(options["format"], notices, target, filters=filters):
                    bar.update()
                    bar.set_postfix(rows=rows)
        finally:
            bar.close()
            if stream is not None:
                stream.close()
        result = {"format": options["format"], "out": str(out), "notices": count, "rows": rows}
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(f"{count} notices exported as {options['format']} to {out}")
