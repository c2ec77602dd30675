"""Indicator latency at scale: p50 and p95 of `GET /api/indicators/` over a million lots.

What it does, in a database of its own:

1. ingests the real notices in ``data/notices`` (the receiver builds their facts);
2. scales the fact table up synthetically to ``--lots`` lots (1,000,000 by default): copies of
   the real procedures' facts, each copy perturbed (year moved by up to two years, a quarter of
   the buyers moved to a random Norwegian municipality, some CPV divisions, value bands and buyer
   kinds redrawn, tender counts moved by one), attached to procedures keyed ``synthetic:…``.
   These figures are made up to measure speed: they are never shown as data, and the database
   is thrown away at the end;
3. times the common queries through the whole Django stack (the test client: URL routing,
   middleware, the view, JSON rendering), ``--runs`` times each after a warm-up, and prints p50
   and p95 in milliseconds, with the time the scale-up took and the time to rebuild the facts of
   200 procedures at that size (what every ingest pays).

The database: a temporary SQLite file; with ``DATABASE_URL`` set to a PostgreSQL database, a new
database ``<name>_bench_indicators`` on the same server (the role needs CREATEDB), dropped at
the end. The database named in ``DATABASE_URL`` is not touched. Not run in CI::

    .venv/bin/python benchmarks/indicators.py [--lots 1000000] [--runs 40]
    DATABASE_URL=postgres://kjopekraft:kjopekraft@localhost/kjopekraft \\
        .venv/bin/python benchmarks/indicators.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
NOTICES = ROOT / "data" / "notices"

QUERIES = {
    "no --by": "",
    "by year": "?by=year",
    "by year+level": "?by=year,level",
    "by county": "?by=county",
    "by municipality_size": "?by=municipality_size",
}
# Not a common query: two breakdowns besides year, which the roll-ups do not cover, so the
# facts are scanned. Measured to show what such a query costs.
UNCOVERED = {"by county+cpv_division": "?by=county,cpv_division"}

LOT_MEASURES = (
    "bid_lots",
    "tenders",
    "single_bid_lots",
    "sized_awards",
    "sme_awards",
    "dated_awards",
    "young_awards",
)


@contextmanager
def bench_database(url: str | None) -> Iterator[str]:
    """A fresh, empty database for the benchmark; yields its engine's name."""
    if not url:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ.pop("DATABASE_URL", None)
            os.environ["KJOPEKRAFT_VAR"] = tmp
            yield "SQLite"
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench_indicators"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))
    try:
        yield "PostgreSQL"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def scale_up(target_lots: int, seed: int) -> dict[str, int]:
    """Perturbed copies of the real facts until the lot facts reach ``target_lots``."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from kjopekraft.insight import regions
    from kjopekraft.insight.models import LotFact, ProcedureFact
    from kjopekraft.insight.money import VALUE_BANDS
    from kjopekraft.notices.models import Procedure
    from kjopekraft.organisations.models import Municipality

    rng = random.Random(seed)
    fields = [f.attname for f in ProcedureFact._meta.concrete_fields if f.attname != "built"]
    real = list(ProcedureFact.objects.order_by("procedure_id").values(*fields))
    lots: dict[int, list[dict[str, Any]]] = defaultdict(list)
    lot_fields = ["lot_id", "tenders_received", *LOT_MEASURES]
    for row in LotFact.objects.order_by("pk").values("procedure_id", *lot_fields):
        lots[row.pop("procedure_id")].append(row)
    places = list(Municipality.objects.values_list("number", "county__number", "population"))
    divisions = sorted({r["cpv_division"] for r in real})
    bands = [name for name, _ in VALUE_BANDS]
    kinds = sorted({r["buyer_kind"] for r in real})

    next_id = (Procedure.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    made_lots = LotFact.objects.count()
    made_procedures = 0
    copy = 0
    while made_lots < target_lots:
        copy += 1
        procedures, facts, lot_facts = [], [], []
        for row in real:
            if made_lots >= target_lots:
                break
            pk = next_id
            next_id += 1
            procedures.append(Procedure(pk=pk, key=f"synthetic:{copy}:{row['procedure_id']}"))
            fact = dict(row, procedure_id=pk)
            if fact["year"] is not None:
                fact["year"] = min(2026, max(2014, fact["year"] + rng.randint(-2, 2)))
            if rng.random() < 0.25:
                number, county, population = rng.choice(places)
                fact.update(
                    county=county,
                    municipality=number,
                    municipality_size=regions.municipality_size(population),
                )
            if rng.random() < 0.2:
                fact["cpv_division"] = rng.choice(divisions)
            if rng.random() < 0.2:
                fact["value_band"] = rng.choice(bands)
            if rng.random() < 0.1:
                fact["buyer_kind"] = rng.choice(kinds)
            copies = []
            for lot in lots.get(row["procedure_id"], []):
                lot = dict(lot, procedure_id=pk)
                if lot["bid_lots"]:
                    tenders = max(0, lot["tenders"] + rng.randint(-1, 1))
                    lot.update(
                        tenders=tenders,
                        tenders_received=tenders,
                        single_bid_lots=int(tenders == 1),
                    )
                copies.append(lot)
            for measure in LOT_MEASURES:
                fact[measure] = sum(lot[measure] for lot in copies)
            facts.append(ProcedureFact(**fact))
            lot_facts += [LotFact(**lot) for lot in copies]
            made_lots += len(copies)
            made_procedures += 1
        with transaction.atomic():
            Procedure.objects.bulk_create(procedures, batch_size=2000)
            ProcedureFact.objects.bulk_create(facts, batch_size=2000)
            LotFact.objects.bulk_create(lot_facts, batch_size=5000)
        print(f"  copy {copy}: {made_lots:,} lots", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Procedure]):
            cursor.execute(sql)
        cursor.execute("ANALYZE")
    return {
        "procedures": ProcedureFact.objects.count(),
        "synthetic procedures": made_procedures,
        "lots": LotFact.objects.count(),
    }


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def latency(runs: int) -> dict[str, tuple[float, float, int]]:
    from django.test import Client

    client = Client()
    out = {}
    for name, params in {**QUERIES, **UNCOVERED}.items():
        url = "/api/indicators/" + params
        for _ in range(3):
            assert client.get(url).status_code == 200
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        figures = len(response.json()["indicators"])
        out[name] = (statistics.median(times), percentile(times, 0.95), figures)
    return out


def facts_only(runs: int) -> dict[str, tuple[float, float]]:
    """The common queries over the fact table alone, without the roll-ups: what they save."""
    from kjopekraft.insight import indicators
    from kjopekraft.insight.models import ProcedureFact

    out = {}
    for name, params in QUERIES.items():
        by = params.removeprefix("?by=").split(",") if params else []
        query = indicators.make_query(by)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            indicators.figures(ProcedureFact.objects.sums(query), query)
            times.append((time.perf_counter() - started) * 1000)
        out[name] = (statistics.median(times), percentile(times, 0.95))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lots", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--facts-runs", type=int, default=10, help="Runs of each query over the facts alone."
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2, help="Ingest workers.")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kjopekraft.core.settings")
    os.environ["API_ANON_RATE"] = "1000000/second"  # the benchmark is one very busy client
    os.environ["DJANGO_DEBUG"] = "0"
    with bench_database(os.environ.get("DATABASE_URL")) as engine:
        import django

        django.setup()
        from django.core.management import call_command

        from kjopekraft.insight.procedure_facts import build_facts, rebuild_rollups
        from kjopekraft.notices.ingest import ingest
        from kjopekraft.notices.models import Procedure

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        report = ingest([NOTICES], workers=args.workers)
        ingest_seconds = time.perf_counter() - started
        real_ids = list(Procedure.objects.values_list("pk", flat=True)[:200])

        started = time.perf_counter()
        counts = scale_up(args.lots, args.seed)
        scale_seconds = time.perf_counter() - started
        started = time.perf_counter()
        rollups = rebuild_rollups()
        rollup_seconds = time.perf_counter() - started

        started = time.perf_counter()
        build_facts(real_ids)
        rebuild_seconds = time.perf_counter() - started

        results = latency(args.runs)
        without = facts_only(args.facts_runs)

        print(
            f"\nIndicators on {engine}: {counts['lots']:,} lots, {counts['procedures']:,} "
            f"procedures ({counts['synthetic procedures']:,} synthetic)"
        )
        print(
            f"  ingest of the real notices ({report.seen:,} files), facts included: "
            f"{ingest_seconds:.1f} s"
        )
        print(
            f"  synthetic scale-up: {scale_seconds:.1f} s, then the roll-ups "
            f"({rollups:,} rows): {rollup_seconds:.1f} s"
        )
        print(
            f"  rebuilding the facts of 200 procedures and the roll-ups at this size "
            f"(what an ingest adds): {rebuild_seconds * 1000:.0f} ms"
        )
        print(f"  GET /api/indicators/, {args.runs} runs each:")
        print(f"    {'query':<24} {'p50 ms':>8} {'p95 ms':>8} {'figures':>8}")
        for name, (p50, p95, figures) in results.items():
            note = "  (from the facts, not a roll-up)" if name in UNCOVERED else ""
            print(f"    {name:<24} {p50:>8.1f} {p95:>8.1f} {figures:>8}{note}")
        print(f"  The same aggregates over the fact table alone, {args.facts_runs} runs each:")
        print(f"    {'query':<24} {'p50 ms':>8} {'p95 ms':>8}")
        for name, (p50, p95) in without.items():
            print(f"    {name:<24} {p50:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
