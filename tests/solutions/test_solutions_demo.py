"""The catalogue demo: solutions from the programme's case, adoptions, an effect contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kjopekraft.core.demo import load_demo
from kjopekraft.outcomes.models import EffectContract, Measurement
from kjopekraft.solutions.demo import load_solutions_demo
from kjopekraft.solutions.indicators import spreading_indicators
from kjopekraft.solutions.models import Adoption, CloudService, Solution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # the programme demo stores an attachment


def test_the_demo_loads_once_and_has_something_to_show() -> None:
    load_demo()
    load_solutions_demo()
    assert set(load_solutions_demo().values()) == {0}  # a second run adds nothing

    robot = Solution.objects.get(title="Aktiviseringsrobot for korttidsavdelinger")
    assert robot.origin == Solution.Origin.PROGRAMME  # from the programme's decision
    assert robot.is_public and robot.buyer_only == ["price_details"]
    municipalities = robot.adoptions.filter(organisation__kind="municipality")
    assert municipalities.values("organisation__municipality__county").distinct().count() >= 4
    assert Solution.objects.awaiting_verification().exists()
    assert CloudService.objects.published().count() == 3
    assert Adoption.objects.filter(cloud_service__isnull=False).exists()

    contract = EffectContract.objects.get()
    assert "oppdiktet" in contract.measure  # says that the figures are made up
    assert contract.status == EffectContract.Status.SIGNED
    assert Measurement.objects.filter(corrects__isnull=False).count() == 1
    settlement = contract.settlement()
    assert settlement is not None and settlement.owed == 720_000 and not settlement.final
    assert contract.changes.count() == 8  # created, 2 indicators, signed, 3 measured, corrected

    figures = {f["id"]: f for f in spreading_indicators()}
    assert figures["days_to_second_adopter"]["value"] is not None
    assert figures["days_to_fifth_adopter"]["value"] is not None
    assert figures["municipality_adoption_share"]["numerator"] >= 5
