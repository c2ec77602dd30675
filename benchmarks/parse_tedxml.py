"""Legacy TED parse speed: notices per second in one process, parse only (nothing stored).

Reads the 3,464 notices of ``data/notices/ted-legacy-sample.tar.xz`` into memory first (not
timed), then prints the best rate over a few rounds of:

- bytes → Notice through :func:`kjopekraft.notices.parse.parse_notice` (safe loading, format
  dispatch and the legacy TED parser): what ingest pays per notice before storing it;
- bytes → XML tree alone (:func:`kjopekraft.notices.rawxml.load_xml`): the share of lxml;
- XML tree → Notice through :func:`kjopekraft.notices.tedxml.parse_ted_xml` alone.

    .venv/bin/python benchmarks/parse_tedxml.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tarfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from kjopekraft.notices.parse import parse_notice
from kjopekraft.notices.rawxml import load_xml
from kjopekraft.notices.tedxml import parse_ted_xml

ARCHIVE = Path(__file__).resolve().parents[1] / "data" / "notices" / "ted-legacy-sample.tar.xz"

Item = TypeVar("Item")


def read_archive(path: Path) -> list[bytes]:
    notices = []
    with tarfile.open(path, "r:xz") as archive:
        for member in archive:
            if member.isfile() and member.name.endswith(".xml"):
                handle = archive.extractfile(member)
                if handle is not None:
                    notices.append(handle.read())
    return notices


def best_rate(items: Sequence[Item], work: Callable[[Item], object], rounds: int) -> float:
    """The best rate, in items per second, of ``work`` over all items."""
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for item in items:
            work(item)
        best = max(best, len(items) / (time.perf_counter() - start))
    return best


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=3)
    rounds = options.parse_args().rounds

    notices = read_archive(ARCHIVE)
    trees = [load_xml(data) for data in notices]
    megabytes = sum(len(data) for data in notices) / 1e6
    warned = sum(1 for root in trees if parse_ted_xml(root).warnings)
    print(f"{len(notices):,} notices ({megabytes:.1f} MB of XML) from {ARCHIVE.name}")
    print(f"Python {sys.version.split()[0]} on {platform.machine()}, one process, best of {rounds}")
    rates = {
        "bytes -> Notice (parse_notice)": best_rate(notices, parse_notice, rounds),
        "bytes -> XML tree (load_xml)": best_rate(notices, load_xml, rounds),
        "XML tree -> Notice (parse_ted_xml)": best_rate(trees, parse_ted_xml, rounds),
    }
    for label, rate in rates.items():
        print(f"  {label:<36} {rate:8,.0f} notices/s")
    print(f"  notices with warnings: {warned:,} of {len(notices):,}")


if __name__ == "__main__":
    main()
