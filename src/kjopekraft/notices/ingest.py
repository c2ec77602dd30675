"""The ingest pipeline: files and archives → parse → store, with a report of what happened.

Parsing is pure and may run in worker processes; storing happens in this process only, since
SQLite allows one writer and one writer keeps the outcome independent of the number of workers.
A file whose exact bytes were received before is not parsed again.
"""

from __future__ import annotations

import os
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from kjopekraft.notices import store
from kjopekraft.notices.files import InputItem, iter_inputs
from kjopekraft.notices.model import NoticeRejected, RejectCode
from kjopekraft.notices.parse import parse_notice
from kjopekraft.notices.rawxml import DEFAULT_MAX_BYTES, content_hash
from kjopekraft.notices.signals import notices_stored

IN_FLIGHT_PER_WORKER = 32
# Files stored per transaction: large enough to amortise the queries, small enough that a
# stopped ingest loses little work.
BATCH_SIZE = 200


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
    """What a worker sends back for one file: the notice ready to store, or the rejection."""

    name: str
    sha256: str | None
    data: bytes | None = None  # kept only for a rejected file, which is quarantined verbatim
    item: store.Item | None = None
    error: NoticeRejected | None = None


def _parse(item: InputItem, max_bytes: int) -> _Parsed:
    """Parse, hash and compress one file: the CPU work, done in a worker when there are some."""
    if item.data is None:
        code = item.code or RejectCode.MALFORMED
        return _Parsed(item.name, None, error=NoticeRejected(code, item.reason or ""))
    sha = content_hash(item.data)
    try:
        notice = parse_notice(item.data, name=item.name, max_bytes=max_bytes)
    except NoticeRejected as exc:
        return _Parsed(item.name, sha, item.data, error=exc)
    ready = store.Item(notice, sha, zlib.compress(item.data, 6), len(item.data), item.name)
    return _Parsed(item.name, sha, item=ready)


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_item: Callable[[], None] | None = None,
    batch_size: int = BATCH_SIZE,
    derive: bool = True,
) -> IngestReport:
    """Ingest every notice under ``paths``; rejected files are quarantined, the rest stored."""
    return ingest_items(
        iter_inputs(paths, max_bytes=max_bytes),
        workers=workers,
        max_bytes=max_bytes,
        on_item=on_item,
        batch_size=batch_size,
        derive=derive,
    )


def ingest_items(
    inputs: Iterable[InputItem],
    *,
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_item: Callable[[], None] | None = None,
    batch_size: int = BATCH_SIZE,
    derive: bool = True,
) -> IngestReport:
    """Ingest notices already in memory (from a source API, say): the same path as files take.

    With ``derive`` (the default) the apps that derive data from notices (the assessment, the
    indicator facts, the search index) bring the changed procedures up to date at the end. A bulk
    load may leave that to their own commands instead (`assess`, `build-facts`, `reindex`).
    """
    report = IngestReport()
    writer = store.Writer()
    batch: list[store.Item] = []

    def flush() -> None:
        for stored in writer.write(batch):
            setattr(report, stored.outcome.value, getattr(report, stored.outcome.value) + 1)
            if on_item:
                on_item()
        batch.clear()

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
            if on_item:
                on_item()
            continue
        assert parsed.item is not None
        batch.append(parsed.item)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    if derive and writer.touched:
        notices_stored.send(
            sender=IngestReport, procedure_ids=sorted(writer.touched), workers=workers
        )
    return report


def _unseen(
    items: Iterator[InputItem], report: IngestReport, on_item: Callable[[], None] | None
) -> Iterator[InputItem]:
    """Skip files whose exact bytes were stored and parsed before: they are unchanged.

    Asks the database about a window of files at a time, not one query per file.
    """
    while window := list(islice(items, BATCH_SIZE)):
        hashes = {id(i): content_hash(i.data) for i in window if i.data is not None}
        seen = store.known_hashes(list(hashes.values()))
        for item in window:
            if id(item) in hashes and hashes[id(item)] in seen:
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
