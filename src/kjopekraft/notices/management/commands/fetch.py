from __future__ import annotations

import argparse
import json
import sys
import urllib.parse
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kjopekraft.core import env
from kjopekraft.notices.files import InputItem
from kjopekraft.notices.ingest import IngestReport, ingest_items
from kjopekraft.notices.sources import SOURCES, DoffinSource, Source, TedSource
from kjopekraft.notices.sources.base import FetchReport, Window
from kjopekraft.notices.sources.client import HttpClient, Policy
from kjopekraft.notices.sources.state import FetchState, StateError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_FATAL = 0, 1, 2, 3

# The API addresses may be set in settings (tests point them at a local server).
BASE_URL_SETTINGS = {"doffin": "DOFFIN_API_URL", "ted": "TED_API_URL"}


class Command(BaseCommand):
    help = (
        "Fetch the notices of a date range from Doffin's or TED's API and ingest them. "
        "A stopped run continues where it left off when started again with the same range."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", choices=sorted(SOURCES))
        parser.add_argument(
            "--from", dest="start", type=_date, required=True, metavar="DATE",
            help="First day (YYYY-MM-DD): Doffin's issue date, TED's publication date.",
        )  # fmt: skip
        parser.add_argument(
            "--to", dest="end", type=_date, required=True, metavar="DATE",
            help="Last day (YYYY-MM-DD), included.",
        )  # fmt: skip
        parser.add_argument("--json", action="store_true", help="Print one JSON object on stdout.")
        parser.add_argument("--workers", type=int, default=1, help="Parsing processes (default 1).")
        parser.add_argument(
            "--base-url",
            help="The API's address (default: DOFFIN_API_URL or TED_API_URL, else the public API).",
        )
        parser.add_argument(
            "--state-file",
            type=Path,
            help="Where progress is kept (default var/fetch/SOURCE-FROM-TO.json).",
        )
        parser.add_argument(
            "--restart",
            action="store_true",
            help="Forget earlier progress for this range and fetch all of it again.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = options["start"], options["end"]
        if start > end:
            raise CommandError(f"--from {start} is after --to {end}", returncode=EXIT_USAGE)
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1", returncode=EXIT_USAGE)
        name = options["source"]
        base_url = options["base_url"] or getattr(settings, BASE_URL_SETTINGS[name], None)
        if base_url and urllib.parse.urlsplit(base_url).scheme not in ("http", "https"):
            raise CommandError(
                f"--base-url {base_url} is not an http(s) address", returncode=EXIT_USAGE
            )
        source = _source(name, base_url)
        path = (
            options["state_file"] or Path(settings.VAR_DIR) / "fetch" / f"{name}-{start}-{end}.json"
        )
        try:
            state = (
                FetchState(source=name, start=start, end=end, path=path)
                if options["restart"]
                else FetchState.load(path, source=name, start=start, end=end)
            )
        except StateError as exc:
            raise CommandError(str(exc), returncode=EXIT_USAGE) from exc

        bar = tqdm(
            desc=f"Fetching from {source.title}", unit=" notices", file=sys.stderr, disable=None
        )

        def ingest(items: Iterable[InputItem]) -> IngestReport:
            return ingest_items(
                items,
                workers=options["workers"],
                max_bytes=settings.NOTICE_MAX_BYTES,
                on_item=bar.update,
            )

        def on_window(window: Window) -> None:
            bar.set_postfix_str(str(window), refresh=True)

        try:
            report = source.fetch(start, end, state=state, ingest=ingest, on_window=on_window)
        except KeyboardInterrupt:
            raise CommandError(
                f"Interrupted. The windows finished before are kept in {path}; "
                "run the same command again to continue.",
                returncode=EXIT_FATAL,
            ) from None
        except Exception as exc:  # the database or the disk, not the source
            raise CommandError(f"Fetch stopped: {exc}", returncode=EXIT_FATAL) from exc
        finally:
            bar.close()
        self._print(report, path, options["json"])
        if report.fatal:
            raise CommandError(
                f"Fetch from {source.title} stopped: {report.fatal} Everything fetched before "
                "that is stored; run the same command again to continue.",
                returncode=EXIT_FATAL,
            )
        if report.rejected or report.errors:
            sys.exit(EXIT_REJECTED)

    def _print(self, report: FetchReport, path: Path, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps({**report.as_dict(), "state_file": str(path)}))
            return
        self.stdout.write(
            f"{report.seen} notices: {report.new} new, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.rejected)} rejected"
        )
        self.stdout.write(
            f"{report.requests} requests ({report.retries} retried), {report.pages} search pages; "
            f"{report.windows} windows fetched, {report.skipped} already done, "
            f"{report.splits} split"
        )
        for item in report.rejected:
            self.stdout.write(f"  rejected {item['path']}: {item['code']}: {item['error']}")
        for error in report.errors:
            self.stdout.write(f"  not done {error['window']}: {error['error']}")
        self.stdout.write(f"Progress is kept in {path}")


def _source(name: str, base_url: str | None) -> Source:
    min_interval = getattr(settings, "FETCH_MIN_INTERVAL", None)
    if min_interval is None:
        min_interval = SOURCES[name].min_interval
    client = HttpClient(
        Policy(
            timeout=float(getattr(settings, "FETCH_TIMEOUT", 30.0)),
            tries=int(getattr(settings, "FETCH_TRIES", 5)),
            backoff=float(getattr(settings, "FETCH_BACKOFF_SECONDS", 1.0)),
            max_wait=float(getattr(settings, "FETCH_MAX_WAIT", 300.0)),
            max_bytes=settings.NOTICE_MAX_BYTES,
            min_interval=float(min_interval),
        )
    )
    if name == DoffinSource.name:
        try:
            key = env.get("DOFFIN_API_KEY")
        except env.ConfigurationError as exc:
            raise CommandError(str(exc), returncode=EXIT_USAGE) from exc
        if not key:
            raise CommandError(
                "Doffin needs a subscription key: set DOFFIN_API_KEY or DOFFIN_API_KEY_FILE.",
                returncode=EXIT_USAGE,
            )
        return DoffinSource(client, api_key=key, base_url=base_url)
    return TedSource(client, base_url=base_url)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None
