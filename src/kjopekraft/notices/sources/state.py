"""Where a fetch has got to: the days of a range already fetched and stored, in a small file.

A fetch marks a window of days done only after every notice in it went through ingest, and
writes the file at once (to a temporary name, then renamed, so a crash never leaves half a
file). A run that stops for any reason can therefore be started again with the same command:
the days already done are not asked for again. The file belongs to one source and one range;
it is plain JSON, so an operator can read it or delete it to start over.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

FORMAT = 1


class StateError(Exception):
    """The state file cannot be used: unreadable, or written for another source or range."""


@dataclass
class FetchState:
    source: str
    start: date
    end: date
    path: Path | None = None
    # Merged, sorted, inclusive day ranges that are fetched and stored.
    done: list[tuple[date, date]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path, *, source: str, start: date, end: date) -> FetchState:
        """The state at ``path``, or a fresh one when there is no file yet."""
        state = cls(source=source, start=start, end=end, path=path)
        if not path.exists():
            return state
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            saved = (
                data["source"],
                date.fromisoformat(data["from"]),
                date.fromisoformat(data["to"]),
            )
            done = [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in data["done"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StateError(
                f"The state file {path} cannot be read ({exc}); delete it or use --restart."
            ) from exc
        if saved != (source, start, end):
            raise StateError(
                f"The state file {path} belongs to {saved[0]} {saved[1]}..{saved[2]}, "
                f"not {source} {start}..{end}; choose another --state-file or use --restart."
            )
        for first, last in done:
            state.add(first, last)
        return state

    def covers(self, first: date, last: date) -> bool:
        return any(a <= first and last <= b for a, b in self.done)

    @property
    def complete(self) -> bool:
        return self.covers(self.start, self.end)

    def add(self, first: date, last: date) -> None:
        """Mark the days ``first``..``last`` done, merging with neighbouring ranges."""
        ranges = sorted([*self.done, (first, last)])
        merged: list[tuple[date, date]] = []
        for a, b in ranges:
            if merged and a <= merged[-1][1] + timedelta(days=1):
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        self.done = merged

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload: dict[str, Any] = {
            "format": FORMAT,
            "source": self.source,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "done": [[a.isoformat(), b.isoformat()] for a, b in self.done],
            "updated": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".fetch-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(payload, file, indent=1)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
