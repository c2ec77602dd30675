"""Programme fixtures: files go to a temporary folder, and a cast of people with roles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from programme_builders import person, supplier

from kjopekraft.accounts.models import Role


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast(db: None) -> dict[str, Any]:
    return {
        "adviser": person(Role.ADVISER, name="Ada Adviser"),
        "buyer": person(Role.BUYER, name="Bo Buyer"),
        "buyer2": person(Role.BUYER, name="Bea Buyer"),
        "supplier": supplier(),
        "supplier2": supplier(),
        "outsider": person(name="Olav Outsider"),
    }
