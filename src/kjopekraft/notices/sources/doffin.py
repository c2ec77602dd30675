"""Doffin's public API: search notices by issue date, then download each notice's eForms XML.

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

KEY_HEADER = "Ocp-Apim-Subscription-Key"
# One search reaches only its top 1,000 hits.
CAP = 1000
DOFFIN_ID = re.compile(r"\d{4}-\d{1,10}")


class DoffinSource(Source):
    """Doffin, the Norwegian notice database run by DFØ (``api.doffin.no/public/v2``).

    Caveats:

    - A subscription key is required (``DOFFIN_API_KEY`` or ``DOFFIN_API_KEY_FILE``), sent as
      the ``Ocp-Apim-Subscription-Key`` header; a missing or wrong key gives 401 on every
      request, which stops the run at once.
    - One search reaches only its top 1,000 hits, whatever the page size. A window whose
      search reports 1,000 hits or more is split in halves until each part reports fewer. A
      single day with 1,000 hits or more cannot be fetched whole; it is fetched as far as it
      goes and reported as an error (about 30 notices a day is usual, 99 the most observed).
    - The date filter is on the issue date, by whole days; the publication date can be
      neither filtered nor trusted to match. A notice is published up to a week after it was
      issued, so a range that ends in the last days may miss notices not yet published:
      fetch it again later with ``--restart``. Whether ``issueDateTo`` includes its own day
      could not be confirmed; it is taken to, as ``issueDateFrom`` does.
    - Unknown query parameters are silently ignored, which turns a misspelt filter into a
      search of the whole database; the parameter names here are fixed and checked.
    - The rate limit is not published; about 30 requests in 10 seconds were observed before
      HTTP 429 with ``Retry-After`` in seconds. Requests are spaced by ``min_interval``.
    - Paging is deterministic for one page size but not across sizes, so the page size stays
      fixed and a notice listed twice is downloaded once. Results are sorted by publication
      date, oldest first, so that notices published while a window is being paged land on
      its last page instead of shifting earlier pages.
    - A correction is a new notice with a new Doffin ID, not a new version of the old one.
    - The download is the eForms XML (served as ``application/octet-stream``). Production
      notices carry a UUID as their identifier and not the Doffin ID, so the Doffin ID is
      passed on in the item's name.
    """

    name: ClassVar[str] = "doffin"
    title: ClassVar[str] = "Doffin"
    default_base_url: ClassVar[str] = "https://api.doffin.no/public/v2"
    cap: ClassVar[int | None] = CAP
    window_days: ClassVar[int] = 7
    min_interval: ClassVar[float] = 0.35
    page_size: int = 100

    def __init__(
        self,
        client: HttpClient,
        *,
        api_key: str,
        base_url: str | None = None,
        page_size: int | None = None,
    ) -> None:
        super().__init__(client, base_url=base_url)
        self.headers = {KEY_HEADER: api_key}
        if page_size is not None:
            self.page_size = page_size

    def pages(self, window: Window) -> Iterator[Page]:
        page = 1
        while True:
            params: dict[str, str | int] = {
                "numHitsPerPage": self.page_size,
                "page": page,
                "issueDateFrom": window.start.isoformat(),
                "issueDateTo": window.end.isoformat(),
                "sortBy": "PUBLICATION_DATE_ASC",
            }
            response = self.client.get(
                f"{self.base_url}/search",
                params=params,
                headers={**self.headers, "Accept": "application/json"},
            )
            hits, total, accessible = _search_page(response.json(), response.url)
            yield self._page(hits, total)
            # The cap is on page × page size: asking past the accessible hits is a 400.
            if len(hits) < self.page_size or page * self.page_size >= accessible:
                return
            page += 1

    def download(self, link: NoticeLink) -> bytes:
        return self.client.get(link.url, headers=self.headers).body

    def _page(self, hits: list[Any], total: int) -> Page:
        links, problems = [], []
        for hit in hits:
            doffin_id = hit.get("id") if isinstance(hit, dict) else None
            if not isinstance(doffin_id, str) or not DOFFIN_ID.fullmatch(doffin_id):
                problems.append(f"The search listed a hit without a usable Doffin ID: {hit!r:.200}")
                continue
            url = f"{self.base_url}/download/{urllib.parse.quote(doffin_id)}"
            links.append(NoticeLink(f"doffin/{doffin_id}.xml", url))
        return Page(links, total=total, problems=problems)


def _search_page(data: Any, url: str) -> tuple[list[Any], int, int]:
    """The hits, the total and the accessible number of hits, or why the page is unusable."""
    if not isinstance(data, dict):
        raise BrokenResponse(f"The search page {url} is not a JSON object.")
    hits, total = data.get("hits"), data.get("numHitsTotal")
    if not isinstance(hits, list) or type(total) is not int:
        raise BrokenResponse(
            f"The search page {url} lacks the 'hits' list or the 'numHitsTotal' count."
        )
    accessible = data.get("numHitsAccessible")
    if type(accessible) is not int:
        accessible = min(total, CAP)
    return hits, total, accessible
