"""Ingest speed: notices per second end to end (parse and store into a fresh SQLite database).

Prints, for the real eForms notices the project ships (and the legacy TED sample when it is
there): the end-to-end rate with 1 and 2 workers, the parse-only rate in one process, and the rate
at which lxml alone parses the same bytes (the ceiling for any parser built on it).

To measure inserts rather than re-reads, the shipped notices are repeated with a different notice
identifier in each copy (``--copies``), so every file is a new notice to the database.

    .venv/bin/python benchmarks/ingest.py [--copies 20]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTICES = ROOT / "data" / "notices"


def eforms_corpus(copies: int) -> list[tuple[str, bytes]]:
    from kjopekraft.notices.parse import parse_notice

    originals = [(p.name, p.read_bytes()) for p in sorted(NOTICES.glob("*-eforms/*.xml"))]
    corpus = []
    for name, data in originals:
        notice_id = parse_notice(data, name=name).notice_id.encode()
        for copy in range(copies):
            corpus.append((f"c{copy}-{name}", data.replace(notice_id, notice_id + b"-c%d" % copy)))
    return corpus


def legacy_corpus() -> list[tuple[str, bytes]]:
    archive = NOTICES / "ted-legacy-sample.tar.xz"
    if not archive.exists():
        return []
    with tarfile.open(archive) as tar:
        return [
            (m.name.rsplit("/", 1)[-1], tar.extractfile(m).read())  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.isfile() and m.name.endswith(".xml")
        ]


def end_to_end(
    corpus: list[tuple[str, bytes]], workers: int, *, derive: bool = True
) -> tuple[float, dict[str, int]]:
    """Rate over a fresh database in a fresh process, so nothing is cached between runs.

    With ``derive`` the ingest also brings the assessment, the indicator facts and the search
    index up to date, as a plain `kjopekraft ingest` does; without, it parses and stores only
    (`--defer-derived`), as a bulk load would before running those steps in bulk.
    """
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name, data in corpus:
            (folder / name).write_bytes(data)
        env = {**os.environ, "KJOPEKRAFT_VAR": str(Path(tmp) / "var"), "DJANGO_DEBUG": "0"}
        env.pop("DATABASE_URL", None)
        cli = [sys.executable, "-m", "kjopekraft.core.cli"]
        subprocess.run([*cli, "migrate", "-v", "0"], env=env, check=True)
        started = time.perf_counter()
        result = subprocess.run(
            [*cli, "ingest", str(folder), "--json", "--workers", str(workers)]
            + ([] if derive else ["--defer-derived"]),
            env=env,
            capture_output=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
    import json

    report = json.loads(result.stdout)
    counts = {k: (len(v) if isinstance(v, list) else v) for k, v in report.items()}
    return len(corpus) / elapsed, counts


def parse_only(corpus: list[tuple[str, bytes]]) -> float:
    from kjopekraft.notices.parse import parse_notice

    started = time.perf_counter()
    for name, data in corpus:
        parse_notice(data, name=name)
    return len(corpus) / (time.perf_counter() - started)


def lxml_ceiling(corpus: list[tuple[str, bytes]]) -> float:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    started = time.perf_counter()
    for _, data in corpus:
        etree.fromstring(data, parser)
    return len(corpus) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kjopekraft.core.settings")

    corpora = {"eforms": eforms_corpus(args.copies), "legacy TED": legacy_corpus()}
    print(f"machine: {os.cpu_count()} cores; fresh SQLite database per run")
    for label, corpus in corpora.items():
        if not corpus:
            print(f"{label}: no notices shipped, skipped")
            continue
        size = sum(len(d) for _, d in corpus) / 1e6
        print(f"{label}: {len(corpus)} notices, {size:.1f} MB")
        ceiling = lxml_ceiling(corpus)
        parsed = parse_only(corpus)
        print(f"  lxml ceiling      {ceiling:8.0f} notices/s")
        print(
            f"  parse only        {parsed:8.0f} notices/s ({parsed / ceiling:.0%} of the ceiling)"
        )
        for derive, what in ((False, "parse and store"), (True, "with assessment, facts, search")):
            for workers in (1, 2):
                rate, counts = end_to_end(corpus, workers, derive=derive)
                label = f"{workers} worker{'s' if workers > 1 else ''}"
                print(f"  {what:31} {label:9} {rate:6.0f} notices/s  {counts}")
    shutil.rmtree(ROOT / "benchmarks" / "__pycache__", ignore_errors=True)


if __name__ == "__main__":
    main()
