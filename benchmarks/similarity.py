"""Similarity of needs: precision at 5 for need–need and need–notice pairs in three languages.

The pairs are in ``tests/programme/similarity/needs.json`` (how they were built is in the README
beside it): 12 topics, each with the real notices it is about and six needs written in bokmål,
nynorsk and English. The notice corpus is every notice the project ships in
``data/notices/*-eforms`` (newest version of each), parsed with the platform's own parser and
embedded with the same text the platform stores.

- need → need: for each need, the five nearest of the other needs; relevant are the five other
  needs of its topic (so a perfect score is 1.0). Also reported with only needs in other
  languages as candidates, to see the cross-language part alone.
- need → notice: for each need, the five nearest notices; relevant are the notices of its topic
  (two to four). Precision at 5 cannot exceed (relevant / 5) then, so the ceiling is printed
  beside it, with the share of needs that find at least one relevant notice in the five.

Run: ``.venv/bin/python benchmarks/similarity.py [--json] [--prefixes]``; ``--prefixes`` also
measures the alternative of embedding notices as passages rather than queries.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "programme" / "similarity" / "needs.json"
NOTICES = ROOT / "data" / "notices"
K = 5


def load_needs(path: Path = PAIRS) -> list[dict[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    needs = []
    for topic in data["topics"]:
        for need in topic["needs"]:
            needs.append({**need, "topic": topic["key"], "relevant": topic["notices"]})
    return needs


def need_text(need: dict[str, str]) -> str:
    # The same four parts, in the same order, as Need.embedding_text() in the platform.
    return "\n".join([need["title"], need["problem"], need["affected"], need["effect"]])


def load_notices() -> list[tuple[str, str]]:
    """(Doffin ID or TED number, embedding text) for the newest version of each shipped notice."""
    from kjopekraft.notices.parse import parse_notice
    from kjopekraft.programme.similarity import notice_text

    newest: dict[str, Any] = {}
    for path in sorted(NOTICES.glob("*-eforms/*.xml")):
        notice = parse_notice(path.read_bytes(), name=path.name)
        current = newest.get(notice.notice_id)
        if current is None or (notice.version or "") > (current.version or ""):
            newest[notice.notice_id] = notice
    corpus = []
    for notice in newest.values():
        text = notice_text(notice)
        if text.strip():
            corpus.append(
                (notice.doffin_id or notice.ted_publication_number or notice.notice_id, text)
            )
    return corpus


def _precision(ranked: list[list[int]], relevant: list[set[int]], k: int = K) -> list[int]:
    """Relevant items among the first ``k`` of each ranking."""
    return [len(set(row[:k]) & rel) for row, rel in zip(ranked, relevant, strict=True)]


def evaluate(notice_mode: str = "query") -> dict[str, Any]:
    """Precision at 5 for both kinds of pairs.

    ``notice_mode`` is "query" (as the platform stores them) or "passage".
    """
    from kjopekraft.programme import similarity

    needs = load_needs()
    corpus = load_notices()
    started = time.monotonic()
    need_vectors = similarity.embed([need_text(n) for n in needs])
    if notice_mode == "query":
        notice_vectors = similarity.embed([text for _, text in corpus])
    else:
        model = similarity._get_model()
        raw = np.asarray(model.passage([t[: similarity.MAX_CHARACTERS] for _, t in corpus]))
        notice_vectors = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    seconds = time.monotonic() - started

    # need → need
    scores = need_vectors @ need_vectors.T
    np.fill_diagonal(scores, -np.inf)
    ranked = [list(np.argsort(-row, kind="stable")) for row in scores]
    relevant = [
        {j for j, other in enumerate(needs) if j != i and other["topic"] == need["topic"]}
        for i, need in enumerate(needs)
    ]
    hits = _precision(ranked, relevant)
    cross = scores.copy()
    languages = np.array([n["lang"] for n in needs])
    for i, need in enumerate(needs):
        cross[i, languages == need["lang"]] = -np.inf
    ranked_cross = [list(np.argsort(-row, kind="stable")) for row in cross]
    relevant_cross = [
        {j for j in rel if needs[j]["lang"] != needs[i]["lang"]} for i, rel in enumerate(relevant)
    ]
    hits_cross = _precision(ranked_cross, relevant_cross, k=4)

    # need → notice
    ids = [ident for ident, _ in corpus]
    missing = sorted({r for n in needs for r in n["relevant"]} - set(ids))
    if missing:
        raise SystemExit(f"notices named in the pairs are not in data/notices: {missing}")
    notice_scores = need_vectors @ notice_vectors.T
    ranked_notices = [list(np.argsort(-row, kind="stable")) for row in notice_scores]
    relevant_notices = [{ids.index(r) for r in n["relevant"]} for n in needs]
    notice_hits = _precision(ranked_notices, relevant_notices)

    by_language: dict[str, dict[str, float]] = {}
    for language in ("nb", "nn", "en"):
        rows = [i for i, n in enumerate(needs) if n["lang"] == language]
        by_language[language] = {
            "need_need": round(sum(hits[i] for i in rows) / (K * len(rows)), 3),
            "need_notice": round(sum(notice_hits[i] for i in rows) / (K * len(rows)), 3),
        }
    return {
        "model": similarity.MODEL_NAME,
        "notice_mode": notice_mode,
        "needs": len(needs),
        "topics": len({n["topic"] for n in needs}),
        "notices": len(corpus),
        "need_need_p_at_5": round(sum(hits) / (K * len(needs)), 3),
        "need_need_cross_language_p_at_4": round(sum(hits_cross) / (4 * len(needs)), 3),
        "need_notice_p_at_5": round(sum(notice_hits) / (K * len(needs)), 3),
        "need_notice_p_at_5_ceiling": round(
            sum(min(K, len(r)) for r in relevant_notices) / (K * len(needs)), 3
        ),
        "need_notice_normalised_p_at_5": round(
            sum(h / min(K, len(r)) for h, r in zip(notice_hits, relevant_notices, strict=True))
            / len(needs),
            3,
        ),
        "need_notice_success_at_5": round(sum(h > 0 for h in notice_hits) / len(needs), 3),
        "by_language": by_language,
        "embedding_seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--prefixes", action="store_true", help="Also measure notices as passages.")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    results = [evaluate("query")]
    if args.prefixes:
        results.append(evaluate("passage"))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for r in results:
        print(f"model {r['model']}, notices embedded as {r['notice_mode']}")
        print(f"  {r['needs']} needs in {r['topics']} topics; {r['notices']} notices")
        print(f"  need → need   P@5 {r['need_need_p_at_5']:.3f}")
        print(
            f"  need → need   cross-language only, P@4 {r['need_need_cross_language_p_at_4']:.3f}"
        )
        print(
            f"  need → notice P@5 {r['need_notice_p_at_5']:.3f} "
            f"(ceiling {r['need_notice_p_at_5_ceiling']:.3f}; normalised "
            f"{r['need_notice_normalised_p_at_5']:.3f}; at least one in five "
            f"{r['need_notice_success_at_5']:.3f})"
        )
        for language, values in r["by_language"].items():
            print(
                f"    {language}: need → need {values['need_need']:.3f}, "
                f"need → notice {values['need_notice']:.3f}"
            )
        print(f"  embedding took {r['embedding_seconds']} s")


if __name__ == "__main__":
    main()
