"""TED's Search API (v3): notices of Norwegian buyers by publication date, then each notice's XML.

The request and response shapes relied on, and where each was learned, are in
``docs/sources.md``.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from typing import Any, ClassVar

from kjopekraft.notices.sources.base import NoticeLink, Page, Source, Window
from kjopekraft.notices.sources.client import BrokenResponse, HttpClient

PUBLICATION_NUMBER = re.compile(r"\d{1,10}-\d{4}")
FIELDS = ["publication-number", "publication-date", "links"]
# TED's documented direct link to a notice's XML, used when a result carries no link.
XML_LINK = "https://ted.europa.eu/en/notice/{number}/xml"
MAX_PAGES_PER_WINDOW = 1000


class TedSource(Source):
    """TED (Tenders Electronic Daily), through ``POST /v3/notices/search`` in iteration mode.

    Caveats:

    - No key is needed: searching and downloading published notices is anonymous.
    - Iteration mode has no cap on the number of hits (page-number mode stops at 15,000).
      Its token is opaque and is not kept between runs: a window stopped part-way is searched
      again from its start, which is why windows are a few days long.
    - The API has been seen to return a token even after the last page; the walk ends at the
      first page without notices or without a token. A token that comes back twice stops the
      window as an error instead of looping. An invalid token is answered with HTTP 500.
    - At most 250 notices a page; 100 are asked for.
    - A response with ``"timedOut": true`` may be partial: the window stops with an error and
      is left for the next run.
    - ``scope`` ALL and ``onlyLatestVersions`` false are sent explicitly, so that every
      version of every notice comes back; the API's defaults could not be confirmed.
    - The XML comes from the link the API gives (``links.xml.MUL``); when a result has none,
      TED's documented address ``https://ted.europa.eu/en/notice/{number}/xml`` is used.
      Links to hosts other than the API's own and ``ted.europa.eu`` are not followed.
    - Rate limits of the v3 API are not documented. TED announced in 2022 that more than 666
      requests in a minute block a client for 5 minutes, and more than 500 downloads in 6
      minutes for 24 hours; requests are spaced by ``min_interval`` to stay under both.
    - Dates are whole days (``YYYYMMDD``) and the buyer country is ISO alpha-3 (``NOR``).
      Norwegian notices above the EEA thresholds are on Doffin too, under a Doffin ID.
    """

    name: ClassVar[str] = "ted"
    title: ClassVar[str] = "TED"
    default_base_url: ClassVar[str] = "https://api.ted.europa.eu"
    window_days: ClassVar[int] = 7
    min_interval: ClassVar[float] = 0.75
    download_hosts: ClassVar[frozenset[str]] = frozenset({"ted.europa.eu"})
    page_size: int = 100

    def __init__(
        self,
        client: HttpClient,
        *,
        base_url: str | None = None,
        country: str = "NOR",
        page_size: int | None = None,
    ) -> None:
        super().__init__(client, base_url=base_url)
        if not re.fullmatch(r"[A-Z]{3}", country):
            raise ValueError(f"{country!r} is not an ISO 3166 alpha-3 country code")
        self.country = country
        if page_size is not None:
            self.page_size = page_size
        self.hosts = {*self.download_hosts, urllib.parse.urlsplit(self.base_url).hostname or ""}

    def query(self, window: Window) -> str:
        return (
            f"publication-date>={window.start:%Y%m%d} AND publication-date<={window.end:%Y%m%d}"
            f" AND buyer-country={self.country}"
        )

    def pages(self, window: Window) -> Iterator[Page]:
        token: str | None = None
        tokens: set[str] = set()
        for _ in range(MAX_PAGES_PER_WINDOW):
            payload: dict[str, Any] = {
                "query": self.query(window),
                "fields": FIELDS,
                "limit": self.page_size,
                "scope": "ALL",
                "onlyLatestVersions": False,
                "checkQuerySyntax": False,
                "paginationMode": "ITERATION",
            }
            if token is not None:
                payload["iterationNextToken"] = token
            response = self.client.post_json(f"{self.base_url}/v3/notices/search", payload)
            notices, total, token = _search_page(response.json(), response.url)
            yield self._page(notices, total)
            if not notices or not token:
                return
            if token in tokens:
                raise BrokenResponse(
                    f"The search for {window} returned the same iterationNextToken twice; "
                    "stopped rather than loop."
                )
            tokens.add(token)
        raise BrokenResponse(
            f"The search for {window} went on for more than {MAX_PAGES_PER_WINDOW} pages."
        )

    def _page(self, notices: list[Any], total: int | None) -> Page:
        links, problems = [], []
        for notice in notices:
            number = notice.get("publication-number") if isinstance(notice, dict) else None
            if not isinstance(number, str) or not PUBLICATION_NUMBER.fullmatch(number):
                problems.append(
                    f"The search listed a notice without a publication number: {notice!r:.200}"
                )
                continue
            url = _xml_link(notice) or XML_LINK.format(number=number)
            host = urllib.parse.urlsplit(url).hostname
            if host not in self.hosts:
                problems.append(f"The XML link of {number} is on another host, not followed: {url}")
                continue
            links.append(NoticeLink(f"ted/{number}.xml", url))
        return Page(links, total=total, problems=problems)


def _search_page(data: Any, url: str) -> tuple[list[Any], int | None, str | None]:
    """The notices, the total and the next token, or why the page is unusable."""
    if not isinstance(data, dict):
        raise BrokenResponse(f"The search page {url} is not a JSON object.")
    notices = data.get("notices")
    if not isinstance(notices, list):
        raise BrokenResponse(f"The search page {url} lacks the 'notices' list.")
    if data.get("timedOut") is True:
        raise BrokenResponse(f"The search at {url} timed out on TED's side; results are partial.")
    total = data.get("totalNoticeCount")
    token = data.get("iterationNextToken")
    return (
        notices,
        total if type(total) is int else None,
        token if isinstance(token, str) and token else None,
    )


def _xml_link(notice: dict[str, Any]) -> str | None:
    links = notice.get("links")
    xml = links.get("xml") if isinstance(links, dict) else None
    if not isinstance(xml, dict):
        return None
    # "MUL" is the multilingual original; any other language key will do when it is missing.
    for value in [xml.get("MUL"), *xml.values()]:
        if isinstance(value, str) and value:
            return value
    return None
