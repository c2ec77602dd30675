"""The base class of the source adapters, and the fetch loop they share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, ClassVar, Protocol

from kjopekraft.notices.files import InputItem
from kjopekraft.notices.model import RejectCode
from kjopekraft.notices.sources.client import (
    AccessDenied,
    BrokenResponse,
    HttpClient,
    SourceError,
    SourceUnavailable,
)
from kjopekraft.notices.sources.state import FetchState

# Failures after which no further request can be expected to succeed: the run stops there.
FATAL = (SourceUnavailable, AccessDenied)


@dataclass(frozen=True, order=True)
class Window:
    """A range of days, both ends included: the unit a source is searched, split and resumed by."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def halves(self) -> tuple[Window, Window]:
        middle = self.start + timedelta(days=self.days // 2 - 1)
        return Window(self.start, middle), Window(middle + timedelta(days=1), self.end)

    def __str__(self) -> str:
        return f"{self.start}..{self.end}"


@dataclass(frozen=True)
class NoticeLink:
    """One notice a search listed: the name it is ingested under, and where its XML is.

    The name ends in the source's own identifier and ``.xml`` (``doffin/2024-100506.xml``,
    ``ted/537513-2025.xml``): ingest takes the Doffin ID or TED publication number from it
    when the notice does not carry it.
    """

    name: str
    url: str


@dataclass(frozen=True)
class Page:
    """One page of search results."""

    links: list[NoticeLink]
    # How many hits the search reports for the whole window, when it says.
    total: int | None = None
    # Hits that cannot be fetched (no usable identifier, a link to another host): each is
    # reported, and the window is then not marked done, so a later run tries again.
    problems: list[str] = field(default_factory=list)


class IngestOutcome(Protocol):
    seen: int
    new: int
    updated: int
    unchanged: int
    rejected: list[dict[str, str]]


Ingest = Callable[[Iterable[InputItem]], IngestOutcome]


@dataclass
class FetchReport:
    """What a fetch did: the ingest counts, and how much it asked of the source."""

    source: str
    start: date
    end: date
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, str]] = field(default_factory=list)
    pages: int = 0
    requests: int = 0
    retries: int = 0
    windows: int = 0
    skipped: int = 0
    splits: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    fatal: str | None = None

    def add(self, outcome: IngestOutcome) -> None:
        self.seen += outcome.seen
        self.new += outcome.new
        self.updated += outcome.updated
        self.unchanged += outcome.unchanged
        self.rejected.extend(outcome.rejected)

    @property
    def complete(self) -> bool:
        return self.fatal is None and not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "seen": self.seen,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "pages": self.pages,
            "requests": self.requests,
            "retries": self.retries,
            "windows": self.windows,
            "skipped": self.skipped,
            "splits": self.splits,
            "errors": self.errors,
            "fatal": self.fatal,
            "complete": self.complete,
        }


@dataclass
class _WindowRun:
    """What went wrong while one window's notices were being fetched."""

    errors: list[str] = field(default_factory=list)
    fatal: str | None = None


class Source(ABC):
    """A source of notices on the internet, searched by date. Subclass it once per source.

    How to write an adapter:

    1. Set ``name`` (the word used on the command line), ``title`` (the name shown to
       people), ``default_base_url``, and the class variables that describe the source:
       ``cap`` when one search can reach only so many hits, ``window_days`` for the size of
       the windows a range is cut into (the unit of resumption: a window stopped part-way is
       fetched again from its start), and ``min_interval`` for the pause between requests
       that keeps within its rate limit.
    2. Implement :meth:`pages`: search one :class:`Window` and yield a :class:`Page` per
       result page, each with a :class:`NoticeLink` per notice and, on the first page, the
       total number of hits the search reports. Go through ``self.client`` for every
       request, so time-outs, retries, back-off, redirects and size limits are the same for
       all sources. Check the shape of each response and raise
       :class:`~kjopekraft.notices.sources.client.BrokenResponse` when it is not what the
       API documents: that stops the window, and the rest of the range goes on.
    3. Override :meth:`download` only when a notice's XML is not simply the body of a GET on
       its link (a key in a header, say).
    4. List the source's caveats (rate limits, caps, quirks, what could not be confirmed) in
       the adapter's docstring, and the request and response shapes it relies on in
       ``docs/sources.md``.

    5. Register the class in ``SOURCES`` (``sources/__init__.py``) and build it in the
       ``fetch`` command, where its key or other configuration is read.

    The base class does the rest in :meth:`fetch`: it cuts the range into windows, skips those
    the state marks done, splits a window in halves while its search reports ``cap`` hits or
    more, downloads every notice once, sends them through ingest one window at a time, and
    marks a window done only when all of it is stored.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    default_base_url: ClassVar[str]
    cap: ClassVar[int | None] = None
    window_days: ClassVar[int] = 7
    min_interval: ClassVar[float] = 0.0

    def __init__(self, client: HttpClient, *, base_url: str | None = None) -> None:
        self.client = client
        self.base_url = (base_url or self.default_base_url).rstrip("/")

    @abstractmethod
    def pages(self, window: Window) -> Iterator[Page]:
        """The result pages of one search over ``window``."""

    def download(self, link: NoticeLink) -> bytes:
        """The XML of one notice."""
        return self.client.get(link.url).body

    def windows(self, start: date, end: date) -> list[Window]:
        """``start``..``end`` cut into windows of at most ``window_days`` days."""
        step = max(1, self.window_days)
        windows = []
        first = start
        while first <= end:
            last = min(end, first + timedelta(days=step - 1))
            windows.append(Window(first, last))
            first = last + timedelta(days=1)
        return windows

    def fetch(
        self,
        start: date,
        end: date,
        *,
        state: FetchState,
        ingest: Ingest,
        on_window: Callable[[Window], None] | None = None,
    ) -> FetchReport:
        """Fetch every notice of ``start``..``end`` not yet done, and ingest it.

        Never raises for a failing source: a window that fails is reported in ``errors`` and
        left for the next run, and a source that stops answering ends the run with ``fatal``
        set, after everything fetched before is stored.
        """
        report = FetchReport(self.name, start, end)
        requests, retries = self.client.requests, self.client.retries
        plan = deque(self.windows(start, end))
        while plan:
            window = plan.popleft()
            if state.covers(window.start, window.end):
                report.skipped += 1
                continue
            if on_window:
                on_window(window)
            run = _WindowRun()
            pages = self.pages(window)
            try:
                first = next(pages, None)
            except FATAL as exc:
                report.fatal = str(exc)
                break
            except SourceError as exc:
                report.errors.append({"window": str(window), "error": str(exc)})
                continue
            if first is not None:
                report.pages += 1
                if self._too_many(first) and window.days > 1:
                    _close(pages)
                    plan.extendleft(reversed(window.halves()))
                    report.splits += 1
                    continue
                if self._too_many(first):
                    run.errors.append(
                        f"The search for {window.start} reports {first.total:,} hits, more than "
                        f"the {self.cap:,} one search can reach; only those were fetched."
                    )
            report.add(ingest(self._items(first, pages, run, report)))
            report.windows += 1
            report.errors.extend({"window": str(window), "error": e} for e in run.errors)
            if run.fatal:
                report.fatal = run.fatal
                break
            if not run.errors:
                state.add(window.start, window.end)
                state.save()
        report.requests = self.client.requests - requests
        report.retries = self.client.retries - retries
        return report

    def _too_many(self, page: Page) -> bool:
        return self.cap is not None and page.total is not None and page.total >= self.cap

    def _items(
        self, page: Page | None, pages: Iterator[Page], run: _WindowRun, report: FetchReport
    ) -> Iterator[InputItem]:
        # Errors are caught here, inside the generator, rather than raised into ingest: ingest
        # then finishes storing every notice it was already given.
        seen: set[str] = set()
        try:
            while page is not None:
                run.errors.extend(page.problems)
                for link in page.links:
                    # Page boundaries can shift while a search is paged, so the same notice
                    # may be listed twice; it is fetched once.
                    if link.name in seen:
                        continue
                    seen.add(link.name)
                    item = self._download(link, run)
                    if item is not None:
                        yield item
                page = next(pages, None)
                if page is not None:
                    report.pages += 1
        except FATAL as exc:
            run.fatal = str(exc)
        except SourceError as exc:
            run.errors.append(str(exc))
        finally:
            _close(pages)

    def _download(self, link: NoticeLink, run: _WindowRun) -> InputItem | None:
        try:
            return InputItem.accepted(link.name, self.download(link))
        except FATAL:
            raise
        except BrokenResponse as exc:
            # What arrived is kept in quarantine with the reason, like a broken file. A
            # download cut off in transit may come whole next time, so its window stays open.
            if exc.cut_off:
                run.errors.append(str(exc))
            code = RejectCode.TOO_LARGE if exc.too_large else RejectCode.MALFORMED
            return InputItem.rejected(link.name, code, str(exc))
        except SourceError as exc:
            run.errors.append(str(exc))
            return None


def _close(pages: Iterator[Page]) -> None:
    close = getattr(pages, "close", None)
    if close is not None:
        close()
