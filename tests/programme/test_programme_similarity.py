"""Similarity across bokmål, nynorsk and English, measured on the pairs in similarity/.

The floors are below what ``benchmarks/similarity.py`` measures (need → need P@5 0.456, need →
notice P@5 0.264 of a possible 0.567), with a small margin: a change that makes the search
worse fails here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def benchmark() -> Any:
    spec = importlib.util.spec_from_file_location(
        "similarity_benchmark", ROOT / "benchmarks" / "similarity.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return benchmark().evaluate("query")  # type: ignore[no-any-return]


def test_pairs_cover_three_languages_and_real_notices(results: dict[str, Any]) -> None:
    needs = benchmark().load_needs()
    assert {n["lang"] for n in needs} == {"nb", "nn", "en"}
    assert results["needs"] == 72 and results["topics"] == 12
    assert results["notices"] >= 130


def test_need_to_need_precision_at_5(results: dict[str, Any]) -> None:
    assert results["need_need_p_at_5"] >= 0.42
    assert results["need_need_cross_language_p_at_4"] >= 0.55


def test_need_to_notice_precision_at_5(results: dict[str, Any]) -> None:
    assert results["need_notice_p_at_5"] >= 0.24
    assert results["need_notice_success_at_5"] >= 0.70


def test_every_language_finds_its_partners(results: dict[str, Any]) -> None:
    for language, values in results["by_language"].items():
        assert values["need_need"] >= 0.35, language
        assert values["need_notice"] >= 0.15, language
