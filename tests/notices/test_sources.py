"""The Doffin and TED adapters and `kjopekraft fetch`, against a local server that answers in
the shapes the real APIs use (docs/sources.md), serving the project's real notices.

The server listens on 127.0.0.1 on a random port; nothing here reaches any other host.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kjopekraft.notices.ingest import ingest_items
from kjopekraft.notices.models import Notice, RawNotice
from kjopekraft.notices.sources import DoffinSource, TedSource
from kjopekraft.notices.sources.base import Window
from kjopekraft.notices.sources.client import (
    BrokenResponse,
    HttpClient,
    Policy,
    RefusedRedirect,
    SourceError,
    SourceUnavailable,
    parse_retry_after,
)
from kjopekraft.notices.sources.state import FetchState, StateError

ROOT = Path(__file__).resolve().parents[2]
DOFFIN_DIR = ROOT / "data" / "notices" / "doffin-eforms"
TED_DIR = ROOT / "data" / "notices" / "ted-eforms"
KEY = "test-subscription-key"
FIRST = date(2024, 3, 1)
DOFFIN_LAST = date(2024, 3, 27)  # 108 notices, four a day
TED_LAST = date(2024, 3, 15)  # 29 notices, two a day
PUBLICATION_ID = re.compile(rb"<efbc:NoticePublicationID[^>]*>0*(\d+-\d{4})<")


@cache
def doffin_notices() -> dict[str, tuple[date, bytes]]:
    """Every Doffin notice the project ships, by Doffin ID, with the day it was issued on."""
    files = sorted(DOFFIN_DIR.glob("*.xml"))
    return {f.stem: (FIRST + timedelta(days=i // 4), f.read_bytes()) for i, f in enumerate(files)}


@cache
def ted_notices() -> dict[str, tuple[date, bytes]]:
    """The TED notices by publication number (the hand-edited copy of one notice left out)."""
    files = sorted(f for f in TED_DIR.glob("*.xml") if not f.stem.endswith("-modif"))
    notices = {}
    for i, path in enumerate(files):
        data = path.read_bytes()
        match = PUBLICATION_ID.search(data)
        assert match, path
        notices[match[1].decode()] = (FIRST + timedelta(days=i // 2), data)
    return notices


def ids_between(notices: dict[str, tuple[date, bytes]], first: date, last: date) -> set[str]:
    return {key for key, (day, _) in notices.items() if first <= day <= last}


@dataclass
class Fault:
    """An answer served instead of the normal one to requests whose line contains ``match``.

    The line is ``METHOD /path?query body``. ``times`` is how many requests it answers
    (-1: all of them); ``declared`` sends a Content-Length larger than the body.
    """

    match: str
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1
    delay: float = 0.0
    declared: int | None = None


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    payload: Any
    headers: dict[str, str]


class FakeApi:
    """Doffin's public API under /doffin and TED's Search API under /ted, on one local server."""

    def __init__(self) -> None:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                api.answer(self, "GET", b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                api.answer(self, "POST", self.rfile.read(length))

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                # A client that gave up (the time-out tests) leaves a broken pipe behind.
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.faults: list[Fault] = []
        self.log: list[Seen] = []
        self.lock = threading.Lock()
        # A Doffin search over more days than this reports 1,500 hits: a dense stretch.
        self.dense_over_days: int | None = None
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FakeApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def requests(self, method: str, path: str) -> list[Seen]:
        return [s for s in self.log if s.method == method and s.path.startswith(path)]

    def answer(self, handler: BaseHTTPRequestHandler, method: str, body: bytes) -> None:
        url = urlsplit(handler.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        payload = json.loads(body) if body else None
        with self.lock:
            self.log.append(Seen(method, url.path, query, payload, dict(handler.headers)))
            fault = self._fault(f"{method} {handler.path} {body.decode()}")
        if fault:
            time.sleep(fault.delay)
            self._send(handler, fault.status, fault.body, fault.headers, fault.declared)
        elif url.path == "/doffin/search":
            self._doffin_search(handler, query)
        elif url.path.startswith("/doffin/download/"):
            self._doffin_download(handler, url.path.rsplit("/", 1)[1])
        elif url.path == "/ted/v3/notices/search" and method == "POST":
            self._ted_search(handler, payload)
        elif m := re.fullmatch(r"/ted/en/notice/([^/]+)/xml", url.path):
            self._download(handler, ted_notices(), m[1], "application/xml")
        else:
            self._json(handler, 404, {"statusCode": 404, "message": "Resource not found"})

    def _fault(self, line: str) -> Fault | None:
        for fault in self.faults:
            if fault.times != 0 and fault.match in line:
                fault.times -= 1 if fault.times > 0 else 0
                return fault
        return None

    def _doffin_search(self, handler: BaseHTTPRequestHandler, query: dict[str, str]) -> None:
        if handler.headers.get("Ocp-Apim-Subscription-Key") != KEY:
            return self._json(handler, 401, {"statusCode": 401, "message": "Access denied."})
        per, page = int(query["numHitsPerPage"]), int(query["page"])
        if page < 1:
            return self._json(handler, 400, {"reason": "Parameter page must be >= 1"})
        if page * per > 1000:
            return self._json(handler, 400, {"reason": "Unable to access more than the top 1000"})
        first = date.fromisoformat(query["issueDateFrom"])
        last = date.fromisoformat(query["issueDateTo"])
        found = sorted(
            (day, key) for key, (day, _) in doffin_notices().items() if first <= day <= last
        )
        total = len(found)
        if self.dense_over_days and (last - first).days + 1 > self.dense_over_days:
            total = max(total, 1500)
        hits = [_doffin_hit(key, day) for day, key in found[(page - 1) * per : page * per]]
        body = {"numHitsTotal": total, "numHitsAccessible": min(total, 1000), "hits": hits}
        self._json(handler, 200, body)

    def _doffin_download(self, handler: BaseHTTPRequestHandler, key: str) -> None:
        if handler.headers.get("Ocp-Apim-Subscription-Key") != KEY:
            return self._json(handler, 401, {"statusCode": 401, "message": "Access denied."})
        self._download(handler, doffin_notices(), key, "application/octet-stream")

    def _ted_search(self, handler: BaseHTTPRequestHandler, payload: dict[str, Any]) -> None:
        dates = dict(re.findall(r"publication-date([<>]=)(\d{8})", payload["query"]))
        if (
            payload.get("paginationMode") != "ITERATION"
            or "buyer-country=NOR" not in payload["query"]
        ):
            return self._json(handler, 400, {"message": "unexpected query"})
        first, last = (
            date(int(d[:4]), int(d[4:6]), int(d[6:])) for d in (dates[">="], dates["<="])
        )
        found = sorted(
            (day, key) for key, (day, _) in ted_notices().items() if first <= day <= last
        )
        token = payload.get("iterationNextToken")
        offset = int(base64.b64decode(token)) if token else 0
        page = found[offset : offset + payload["limit"]]
        notices = [
            {
                "publication-number": key,
                "publication-date": f"{day}+01:00",
                "links": {
                    "xml": {"MUL": f"{self.url}/ted/en/notice/{key}/xml"},
                    "pdf": {"ENG": f"{self.url}/ted/en/notice/{key}/pdf"},
                },
            }
            for day, key in page
        ]
        # As observed on the real API: a token comes back even after the last page.
        next_token = base64.b64encode(str(offset + len(page)).encode()).decode()
        body = {
            "notices": notices,
            "totalNoticeCount": len(found),
            "iterationNextToken": next_token,
            "timedOut": False,
        }
        self._json(handler, 200, body)

    def _download(self, handler: Any, notices: dict[str, Any], key: str, kind: str) -> None:
        if key not in notices:
            return self._json(handler, 404, {"statusCode": 404, "message": "Resource not found"})
        self._send(handler, 200, notices[key][1], {"Content-Type": kind})

    def _json(self, handler: Any, status: int, data: Any) -> None:
        body = json.dumps(data).encode()
        self._send(handler, status, body, {"Content-Type": "application/json; charset=UTF-8"})

    def _send(
        self,
        handler: Any,
        status: int,
        body: bytes,
        headers: dict[str, str],
        declared: int | None = None,
    ) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(declared if declared is not None else len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def _doffin_hit(key: str, day: date) -> dict[str, Any]:
    """A search hit with the 18 keys Doffin returns."""
    return {
        "id": key,
        "buyer": [{"id": "b1", "organizationId": "974760673", "name": "Testkommune"}],
        "heading": f"Kunngjøring {key}",
        "description": "",
        "locationId": ["NO081"],
        "estimatedValue": None,
        "type": "ANNOUNCEMENT_OF_COMPETITION",
        "allTypes": ["ANNOUNCEMENT_OF_COMPETITION", "COMPETITION"],
        "status": None,
        "issueDate": f"{day}T09:00:00Z",
        "deadline": None,
        "publicationDate": str(day + timedelta(days=1)),
        "receivedTenders": None,
        "allReceivedTenders": [],
        "cpvCodes": ["72000000"],
        "limitedDataFlag": None,
        "doffinClassicUrl": None,
        "lots": [],
    }


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy from the environment would take requests to 127.0.0.1 off this machine."""
    for name in (
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with FakeApi() as fake:
        yield fake


@pytest.fixture
def fetch(
    api: FakeApi, settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any
):
    """Run `kjopekraft fetch` against the local server; returns (exit code, report, error)."""
    settings.DOFFIN_API_URL = f"{api.url}/doffin"
    settings.TED_API_URL = f"{api.url}/ted"
    settings.FETCH_TIMEOUT = 2.0
    settings.FETCH_TRIES = 3
    settings.FETCH_BACKOFF_SECONDS = 0.001
    settings.FETCH_MIN_INTERVAL = 0
    monkeypatch.setenv("DOFFIN_API_KEY", KEY)

    def run(source: str, first: date, last: date, *extra: str) -> tuple[int, dict[str, Any], str]:
        args = [source, "--from", str(first), "--to", str(last), "--json"]
        args += ["--state-file", str(tmp_path / f"{source}.json"), *extra]
        code, error = 0, ""
        try:
            call_command("fetch", *args)
        except SystemExit as exc:
            code = int(exc.code or 0)
        except CommandError as exc:
            code, error = exc.returncode, str(exc)
        out = capsys.readouterr().out
        return code, (json.loads(out) if out.strip() else {}), error

    return run


def client(**policy: Any) -> tuple[HttpClient, list[float]]:
    """A client whose waits are recorded instead of slept."""
    waits: list[float] = []
    defaults = {"timeout": 2.0, "tries": 3, "backoff": 0.5}
    return HttpClient(Policy(**{**defaults, **policy}), sleep=waits.append), waits


def ingest(items: Any) -> Any:
    return ingest_items(items)


# --- Doffin through the command ---------------------------------------------------------------


@pytest.mark.django_db
def test_doffin_fetch_stores_every_notice_of_the_range(api: FakeApi, fetch: Callable) -> None:
    code, report, _ = fetch("doffin", FIRST, DOFFIN_LAST)
    assert code == 0
    assert (report["seen"], report["new"], report["rejected"], report["errors"]) == (
        108,
        108,
        [],
        [],
    )
    assert report["complete"] and report["windows"] == 4  # 27 days in windows of 7
    searches, downloads = (
        api.requests("GET", "/doffin/search"),
        api.requests("GET", "/doffin/download/"),
    )
    assert report["pages"] == len(searches) == 4
    assert report["requests"] == len(searches) + len(downloads) and len(downloads) == 108
    assert all(s.headers["Ocp-Apim-Subscription-Key"] == KEY for s in api.log)
    assert all(s.headers["User-Agent"].startswith("Kjopekraft/") for s in api.log)
    assert {s.query["sortBy"] for s in searches} == {"PUBLICATION_DATE_ASC"}
    assert Notice.objects.filter(source="doffin").count() == 108
    # Production notices carry a UUID, not the Doffin ID: it comes from the item's name.
    assert set(Notice.objects.values_list("doffin_id", flat=True)) == set(doffin_notices())


@pytest.mark.django_db
def test_a_finished_range_is_not_fetched_again_unless_restarted(
    api: FakeApi, fetch: Callable
) -> None:
    fetch("doffin", FIRST, DOFFIN_LAST)
    api.log.clear()
    code, report, _ = fetch("doffin", FIRST, DOFFIN_LAST)
    assert (code, report["requests"], report["skipped"], report["seen"]) == (0, 0, 4, 0)
    assert api.log == []
    code, report, _ = fetch("doffin", FIRST, DOFFIN_LAST, "--restart")
    assert (code, report["seen"], report["unchanged"], report["new"]) == (0, 108, 108, 0)


@pytest.mark.django_db
def test_a_search_over_the_cap_is_split_in_halves(api: FakeApi, fetch: Callable) -> None:
    api.dense_over_days = 2
    code, report, _ = fetch("doffin", FIRST, DOFFIN_LAST)
    assert code == 0 and report["new"] == 108 and report["splits"] > 0
    first_pages = [s.query for s in api.requests("GET", "/doffin/search") if s.query["page"] == "1"]
    spans = [
        (date.fromisoformat(q["issueDateFrom"]), date.fromisoformat(q["issueDateTo"]))
        for q in first_pages
    ]
    # 1–7 March reports too many, so 1–3 and 4–7 are tried; 4–7 is split again, and so on.
    assert spans[:3] == [
        (date(2024, 3, 1), date(2024, 3, 7)),
        (date(2024, 3, 1), date(2024, 3, 3)),
        (date(2024, 3, 1), date(2024, 3, 1)),
    ]
    fetched = [(a, b) for a, b in spans if (b - a).days + 1 <= 2]
    days = sorted(a + timedelta(days=n) for a, b in fetched for n in range((b - a).days + 1))
    assert days == [FIRST + timedelta(days=n) for n in range(27)]  # every day once, no gap
    assert len(api.requests("GET", "/doffin/download/")) == 108  # no notice twice


@pytest.mark.django_db
def test_a_source_that_keeps_failing_stops_with_exit_3_and_a_rerun_resumes(
    api: FakeApi, fetch: Callable, tmp_path: Path
) -> None:
    # The third window (15–21 March) keeps answering 503.
    api.faults.append(Fault("issueDateFrom=2024-03-15", status=503, times=-1))
    code, report, error = fetch("doffin", FIRST, DOFFIN_LAST)
    assert code == 3
    assert (
        "Fetch from Doffin stopped" in error
        and "HTTP 503" in error
        and "gave up after 3 tries" in error
    )
    assert report["fatal"] and report["new"] == 56  # the two windows before it are stored
    assert Notice.objects.count() == 56
    saved = json.loads((tmp_path / "doffin.json").read_text())
    assert saved["done"] == [["2024-03-01", "2024-03-14"]]

    api.faults.clear()
    api.log.clear()
    code, report, _ = fetch("doffin", FIRST, DOFFIN_LAST)
    assert code == 0 and (report["new"], report["skipped"], report["windows"]) == (52, 2, 2)
    assert min(s.query["issueDateFrom"] for s in api.requests("GET", "/doffin/search")) == (
        "2024-03-15"
    )
    fetched_again = {s.path.rsplit("/", 1)[1] for s in api.requests("GET", "/doffin/download/")}
    assert fetched_again == ids_between(doffin_notices(), date(2024, 3, 15), DOFFIN_LAST)
    assert Notice.objects.count() == 108


@pytest.mark.django_db
def test_a_broken_json_page_stops_only_its_window(api: FakeApi, fetch: Callable) -> None:
    api.faults.append(Fault("issueDateFrom=2024-03-08", body=b'{"numHitsTotal": 28, "hits": ['))
    code, report, _ = fetch("doffin", FIRST, DOFFIN_LAST)
    assert code == 1 and report["new"] == 80 and not report["fatal"]
    [error] = report["errors"]
    assert error["window"] == "2024-03-08..2024-03-14" and "not valid JSON" in error["error"]
    code, report, _ = fetch("doffin", FIRST, DOFFIN_LAST)
    assert (code, report["new"], report["skipped"], report["errors"]) == (0, 28, 3, [])


@pytest.mark.django_db
def test_a_search_page_of_the_wrong_shape_is_refused(api: FakeApi, fetch: Callable) -> None:
    api.faults.append(Fault("issueDateFrom=2024-03-22", body=b'{"statusCode": 200}'))
    code, report, _ = fetch("doffin", FIRST, DOFFIN_LAST)
    assert code == 1 and report["new"] == 84
    assert "lacks the 'hits' list" in report["errors"][0]["error"]


@pytest.mark.django_db
def test_a_truncated_download_is_quarantined_and_the_rest_goes_in(
    api: FakeApi, fetch: Callable
) -> None:
    whole = doffin_notices()["2022-319091"][1]
    api.faults.append(Fault("GET /doffin/download/2022-319091", body=whole[: len(whole) // 2]))
    code, report, _ = fetch("doffin", FIRST, DOFFIN_LAST)
    assert code == 1 and report["new"] == 107
    [rejected] = report["rejected"]
    assert (rejected["path"], rejected["code"]) == ("doffin/2022-319091.xml", "malformed")
    raw = RawNotice.objects.get(status=RawNotice.Status.REJECTED)
    assert raw.reject_code == "malformed" and raw.name == "doffin/2022-319091.xml"
    # The source sent a whole response: what it holds is broken, fetching again won't help.
    assert report["errors"] == []


@pytest.mark.django_db
def test_a_download_cut_off_in_transit_is_fetched_again_next_run(
    api: FakeApi, fetch: Callable
) -> None:
    whole = doffin_notices()["2022-319091"][1]
    api.faults.append(
        Fault("GET /doffin/download/2022-319091", body=whole[:1000], declared=len(whole))
    )
    code, report, _ = fetch("doffin", FIRST, DOFFIN_LAST)
    assert code == 1 and report["new"] == 107
    assert report["rejected"][0]["code"] == "malformed"
    assert "cut off after 1,000 of" in report["rejected"][0]["error"]
    assert [e["window"] for e in report["errors"]] == ["2024-03-01..2024-03-07"]
    code, report, _ = fetch("doffin", FIRST, DOFFIN_LAST)
    assert (code, report["new"], report["unchanged"], report["skipped"]) == (0, 1, 27, 3)
    assert Notice.objects.filter(doffin_id="2022-319091").exists()


@pytest.mark.django_db
def test_redirects_are_followed_on_the_same_host_only(api: FakeApi, fetch: Callable) -> None:
    port = urlsplit(api.url).port
    api.faults += [
        Fault(
            "GET /doffin/download/2022-319091",
            status=302,
            headers={"Location": f"{api.url}/doffin/download/2022-319091"},
        ),
        Fault(
            "GET /doffin/download/2022-347651",
            status=302,
            headers={"Location": f"http://localhost:{port}/doffin/download/2022-347651"},
        ),
    ]
    code, report, _ = fetch("doffin", FIRST, DOFFIN_LAST)
    assert code == 1 and report["new"] == 107
    [error] = report["errors"]
    assert "on another host" in error["error"] and "localhost" in error["error"]
    assert Notice.objects.filter(doffin_id="2022-319091").exists()
    assert not Notice.objects.filter(doffin_id="2022-347651").exists()
    assert all(s.headers["Host"].startswith("127.0.0.1") for s in api.log)  # never went there


@pytest.mark.django_db
def test_a_wrong_key_stops_at_the_first_request(
    api: FakeApi, fetch: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOFFIN_API_KEY", "wrong")
    code, report, error = fetch("doffin", FIRST, DOFFIN_LAST)
    assert code == 3 and "HTTP 401" in error and "Access denied" in error
    assert len(api.log) == 1 and report["seen"] == 0


@pytest.mark.django_db
def test_usage_errors_exit_2(
    api: FakeApi, fetch: Callable, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert fetch("doffin", DOFFIN_LAST, FIRST)[0] == 2
    assert fetch("ted", FIRST, TED_LAST, "--base-url", "file:///etc")[0] == 2
    (tmp_path / "doffin.json").write_text("{not json")
    code, _, error = fetch("doffin", FIRST, DOFFIN_LAST)
    assert code == 2 and "--restart" in error
    monkeypatch.delenv("DOFFIN_API_KEY")
    code, _, error = fetch("doffin", FIRST, DOFFIN_LAST, "--restart")
    assert code == 2 and "DOFFIN_API_KEY" in error
    assert api.log == []


# --- Doffin and TED through the adapters ------------------------------------------------------


@pytest.mark.django_db
def test_doffin_pages_through_a_window(api: FakeApi) -> None:
    http, _ = client()
    source = DoffinSource(http, api_key=KEY, base_url=f"{api.url}/doffin", page_size=10)
    state = FetchState("doffin", FIRST, date(2024, 3, 7))
    report = source.fetch(FIRST, date(2024, 3, 7), state=state, ingest=ingest)
    assert report.new == 28 and report.pages == 3
    assert [s.query["page"] for s in api.requests("GET", "/doffin/search")] == ["1", "2", "3"]
    # 20 hits in pages of 10: no third request for a page that cannot exist.
    api.log.clear()
    last = date(2024, 3, 12)
    report = source.fetch(
        date(2024, 3, 8), last, state=FetchState("doffin", FIRST, last), ingest=ingest
    )
    assert report.new == 20
    assert [s.query["page"] for s in api.requests("GET", "/doffin/search")] == ["1", "2"]


@pytest.mark.django_db
def test_ted_iterates_with_tokens_and_downloads_each_notice(api: FakeApi) -> None:
    http, _ = client()
    source = TedSource(http, base_url=f"{api.url}/ted", page_size=5)
    source.window_days = 31
    state = FetchState("ted", FIRST, TED_LAST)
    report = source.fetch(FIRST, TED_LAST, state=state, ingest=ingest)
    assert (report.new, report.rejected, report.errors) == (29, [], [])
    searches = api.requests("POST", "/ted/v3/notices/search")
    # Six pages of notices, then the empty page that ends the iteration.
    assert len(searches) == report.pages == 7
    first = searches[0].payload
    assert first["query"] == (
        "publication-date>=20240301 AND publication-date<=20240315 AND buyer-country=NOR"
    )
    assert first["paginationMode"] == "ITERATION" and "iterationNextToken" not in first
    tokens = [s.payload["iterationNextToken"] for s in searches[1:]]
    assert len(set(tokens)) == 6
    assert len(api.requests("GET", "/ted/en/notice/")) == 29
    assert set(Notice.objects.values_list("ted_publication_number", flat=True)) == set(
        ted_notices()
    )
    assert state.complete


@pytest.mark.django_db
def test_ted_through_the_command(api: FakeApi, fetch: Callable) -> None:
    code, report, _ = fetch("ted", FIRST, TED_LAST)
    assert code == 0 and report["new"] == 29 and report["windows"] == 3


@pytest.mark.django_db
def test_ted_links_to_other_hosts_are_not_followed(api: FakeApi) -> None:
    port = urlsplit(api.url).port
    page = {
        "notices": [
            {
                "publication-number": "32045-2024",
                "links": {"xml": {"MUL": f"http://localhost:{port}/ted/en/notice/32045-2024/xml"}},
            }
        ],
        "totalNoticeCount": 1,
        "iterationNextToken": None,
        "timedOut": False,
    }
    api.faults.append(Fault("POST /ted/v3/notices/search", body=json.dumps(page).encode()))
    http, _ = client()
    source = TedSource(http, base_url=f"{api.url}/ted")
    state = FetchState("ted", FIRST, FIRST)
    report = source.fetch(FIRST, FIRST, state=state, ingest=ingest)
    assert report.seen == 0 and "on another host, not followed" in report.errors[0]["error"]
    assert not state.complete and api.requests("GET", "/ted/en/notice/") == []


@pytest.mark.django_db
def test_ted_timed_out_search_is_not_taken_as_complete(api: FakeApi) -> None:
    page = {"notices": [], "totalNoticeCount": 40, "iterationNextToken": None, "timedOut": True}
    api.faults.append(Fault("POST /ted/v3/notices/search", body=json.dumps(page).encode()))
    http, _ = client()
    state = FetchState("ted", FIRST, FIRST)
    report = TedSource(http, base_url=f"{api.url}/ted").fetch(
        FIRST, FIRST, state=state, ingest=ingest
    )
    assert "timed out" in report.errors[0]["error"] and not state.complete


# --- The HTTP client --------------------------------------------------------------------------


def test_429_waits_as_long_as_retry_after_says(api: FakeApi) -> None:
    api.faults.append(Fault("/doffin/search", status=429, headers={"Retry-After": "4"}, times=2))
    http, waits = client()
    response = http.get(
        f"{api.url}/doffin/search",
        params={
            "numHitsPerPage": 1,
            "page": 1,
            "issueDateFrom": "2024-03-01",
            "issueDateTo": "2024-03-01",
        },
        headers={"Ocp-Apim-Subscription-Key": KEY},
    )
    assert response.json()["numHitsTotal"] == 4
    assert waits == [4.0, 4.0] and (http.requests, http.retries) == (3, 2)


def test_retry_after_as_a_date() -> None:
    now = datetime(2024, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Fri, 01 Mar 2024 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("soon", now=now) is None


def test_5xx_backs_off_exponentially_then_gives_up(api: FakeApi) -> None:
    api.faults.append(Fault("/ted/", status=503, times=-1, body=b"maintenance"))
    http, waits = client(tries=4, backoff=0.5)
    with pytest.raises(SourceUnavailable, match=r"HTTP 503: maintenance .* gave up after 4 tries"):
        http.post_json(f"{api.url}/ted/v3/notices/search", {"query": "x"})
    assert waits == [0.5, 1.0, 2.0] and http.requests == 4


def test_a_retry_after_longer_than_the_longest_wait_gives_up(api: FakeApi) -> None:
    api.faults.append(Fault("/ted/", status=429, headers={"Retry-After": "3600"}, times=-1))
    http, waits = client(max_wait=60)
    with pytest.raises(SourceUnavailable, match="asks to wait 3600 s"):
        http.get(f"{api.url}/ted/anything")
    assert waits == []


def test_a_time_out_is_retried(api: FakeApi) -> None:
    api.faults.append(Fault("/ted/en/notice/32045-2024/xml", delay=0.6))
    http = HttpClient(Policy(timeout=0.2, tries=3, backoff=0.001))
    response = http.get(f"{api.url}/ted/en/notice/32045-2024/xml")
    assert response.body == ted_notices()["32045-2024"][1]
    assert (http.requests, http.retries) == (2, 1)


def test_a_server_that_never_answers_in_time_is_unavailable(api: FakeApi) -> None:
    api.faults.append(Fault("/ted/", delay=0.4, times=-1))
    http = HttpClient(Policy(timeout=0.1, tries=2, backoff=0.001))
    with pytest.raises(SourceUnavailable, match=r"No answer within 0\.1 s"):
        http.get(f"{api.url}/ted/en/notice/32045-2024/xml")


def test_a_closed_port_is_unavailable() -> None:
    http, waits = client(tries=2)
    with FakeApi() as gone:
        url = gone.url
    with pytest.raises(SourceUnavailable, match="Cannot connect"):
        http.get(f"{url}/ted/anything")
    assert len(waits) == 1


def test_other_4xx_are_clear_errors_without_retry(api: FakeApi) -> None:
    http, waits = client()
    with pytest.raises(SourceError, match=r"HTTP 404 from GET .*Resource not found"):
        http.get(f"{api.url}/doffin/nowhere")
    assert waits == [] and http.requests == 1


def test_a_redirect_to_another_host_is_refused(api: FakeApi) -> None:
    port = urlsplit(api.url).port
    api.faults.append(
        Fault("/ted/", status=301, headers={"Location": f"http://localhost:{port}/ted/x"})
    )
    with pytest.raises(RefusedRedirect, match="on another host"):
        client()[0].get(f"{api.url}/ted/x")
    assert len(api.log) == 1


def test_bodies_over_the_limit_are_refused(api: FakeApi) -> None:
    http, _ = client(max_bytes=1000)
    with pytest.raises(BrokenResponse, match="limit is 1,000 bytes") as refused:
        http.get(f"{api.url}/ted/en/notice/32045-2024/xml")
    assert refused.value.too_large


def test_only_http_addresses_are_opened() -> None:
    http, _ = client()
    with pytest.raises(SourceError, match="only http and https"):
        http.get("file:///etc/passwd")
    assert http.requests == 0


# --- Windows and state ------------------------------------------------------------------------


def test_windows_split_in_halves_without_gap_or_overlap() -> None:
    assert Window(FIRST, DOFFIN_LAST).halves() == (
        Window(FIRST, date(2024, 3, 13)),
        Window(date(2024, 3, 14), DOFFIN_LAST),
    )
    assert Window(FIRST, date(2024, 3, 2)).halves() == (
        Window(FIRST, FIRST),
        Window(date(2024, 3, 2), date(2024, 3, 2)),
    )


def test_state_merges_done_days_and_refuses_another_range(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    state = FetchState.load(path, source="ted", start=FIRST, end=TED_LAST)
    state.add(date(2024, 3, 8), TED_LAST)
    state.add(FIRST, date(2024, 3, 7))
    state.save()
    again = FetchState.load(path, source="ted", start=FIRST, end=TED_LAST)
    assert again.done == [(FIRST, TED_LAST)] and again.complete
    with pytest.raises(StateError, match=r"belongs to ted 2024-03-01\.\.2024-03-15"):
        FetchState.load(path, source="doffin", start=FIRST, end=TED_LAST)
