"""Real notices for the browser's tests: all the Doffin and TED eForms notices, and the legacy
TED notices from Norway out of the bundled sample (stratified, so it is marked in the pages)."""

from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Any

import pytest

from kjopekraft.notices.ingest import ingest

ROOT = Path(__file__).resolve().parents[2]
NOTICES = ROOT / "data" / "notices"
DOFFIN = NOTICES / "doffin-eforms"
TED = NOTICES / "ted-eforms"


@pytest.fixture(scope="session")
def legacy_dir(tmp_path_factory: Any) -> Path:
    """The 55 legacy TED notices from Norway, out of the bundled sample."""
    index = (NOTICES / "ted-legacy-sample.index.csv").read_text(encoding="utf-8").splitlines()
    norwegian = {row.split(",")[0] for row in index[1:] if row.split(",")[5] == "NO"}
    folder = tmp_path_factory.mktemp("legacy")
    with tarfile.open(NOTICES / "ted-legacy-sample.tar.xz") as archive:
        for member in archive:
            name = Path(member.name).name
            if name in norwegian:
                extracted = archive.extractfile(member)
                assert extracted is not None
                (folder / name).write_bytes(extracted.read())
    return folder


@pytest.fixture
def eforms_notices(db: None) -> Any:
    return ingest([DOFFIN, TED])


@pytest.fixture
def notices(db: None, legacy_dir: Path) -> Any:
    return ingest([DOFFIN, TED, legacy_dir])
