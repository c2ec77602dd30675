"""The ingest pipeline: files and archives → parse → store, with a report of what happened.

Parsing is pure and may run in worker processes; storing happens in this process only, since
SQLite allows one writer and one writer keeps the outcome independent of the number of workers.
A file whose exact bytes were received before is not parsed again.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from kjopekraft.notices import store
from kjopekraft.notices.files import InputItem, iter_inputs
from kjopekraft.notices.model import Notice, NoticeRejected, RejectCode
from kjopekraft.notices.parse import parse_notice
from kjopekraft.notices.rawxml import DEFAULT_MAX_BYTES, content_hash

IN_FLIGHT_PER_WORKER = 32


@dataclass
class IngestReport:
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "seen": self.seen,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


@dataclass(frozen=True)
class _Parsed:
    """What a worker sends back for one file: the notice or the rejection."""

    name: str
    sha256: str | None
    data: bytes | None
    notice: Notice | None = None
    error: NoticeRejected | None = None


def _parse(item: InputItem, max_bytes: int) -> _Parsed:
    if item.data is None:
        code = item.code or RejectCode.MALFORMED
        return _Parsed(item.name, None, None, error=NoticeRejected(code, item.reason or ""))
    sha = content_hash(item.data)
    try:
        notice = parse_notice(item.data, name=item.name, max_bytes=max_bytes)
    except NoticeRejected as exc:
        return _Parsed(item.name, sha, item.data, error=exc)
    return _Parsed(item.name, sha, item.data, notice=notice)


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_item: Callable[[], None] | None = None,
) -> IngestReport:
    """Ingest every notice under ``paths``; rejected files are quarantined, the rest stored."""
    return ingest_items(
        iter_inputs(paths, max_bytes=max_bytes),
        workers=workers,
        max_bytes=max_bytes,
        on_item=on_item,
    )


def ingest_items(
    inputs: Iterable[InputItem],
    *,
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_item: Callable[[], None] | None = None,
) -> IngestReport:
    """Ingest notices already in memory (from a source API, say): the same path as files take."""
    report = IngestReport()
    items = _unseen(iter(inputs), report, on_item)
    for parsed in _parsed(items, workers=workers, max_bytes=max_bytes):
        report.seen += 1
        if parsed.error is not None:
            store.quarantine(
                sha256=parsed.sha256, data=parsed.data, name=parsed.name, error=parsed.error
            )
            report.rejected.append(
                {"path": parsed.name, "code": str(parsed.error.code), "error": parsed.error.reason}
            )
        else:
            assert parsed.notice is not None and parsed.sha256 and parsed.data is not None
            stored = store.store(
                parsed.notice, sha256=parsed.sha256, data=parsed.data, name=parsed.name
            )
            setattr(report, stored.outcome.value, getattr(report, stored.outcome.value) + 1)
        if on_item:
            on_item()
    return report


def _unseen(
    items: Iterator[InputItem], report: IngestReport, on_item: Callable[[], None] | None
) -> Iterator[InputItem]:
    """Skip files whose exact bytes were stored and parsed before: they are unchanged."""
    for item in items:
        if item.data is not None:
            raw = store.known(content_hash(item.data))
            if raw is not None and raw.status == raw.Status.PARSED:
                report.seen += 1
                report.unchanged += 1
                if on_item:
                    on_item()
                continue
        yield item


def _parsed(items: Iterator[InputItem], *, workers: int, max_bytes: int) -> Iterator[_Parsed]:
    if workers <= 1:
        for item in items:
            yield _parse(item, max_bytes)
        return
    # A bounded window of files in flight: the whole input never sits in memory at once, and
    # results come back in input order, so reports and stored outcomes are deterministic.
    window = workers * IN_FLIGHT_PER_WORKER
    pending: deque[Future[_Parsed]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for item in items:
            pending.append(pool.submit(_parse, item, max_bytes))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
