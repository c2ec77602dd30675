"""Every user-facing string is translated to bokmål and nynorsk."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "kjopekraft"
LANGUAGES = ["nb", "nn"]


def entries(po: Path) -> dict[str, tuple[str, bool]]:
    """msgid → (msgstr, fuzzy) for a .po file, read with the plain rules of the format."""
    found: dict[str, tuple[str, bool]] = {}
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            found[fields["msgid"]] = (fields.get("msgstr", fields.get("msgstr[0]", "")), fuzzy)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language: str) -> None:
    po = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"
    missing = [msgid for msgid, (msgstr, fuzzy) in entries(po).items() if not msgstr or fuzzy]
    assert missing == []


def test_catalogue_covers_every_string_in_the_code(tmp_path: Path) -> None:
    """Extract the strings afresh from a copy of the code and compare with the catalogue."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed to check the translations")
    copy = tmp_path / "kjopekraft"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("data", "static", "__pycache__"))
    shutil.rmtree(copy / "locale")
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "-m", "kjopekraft.core.cli", "makemessages", "-l", "nb", "-v", "0"],
        cwd=copy,
        check=True,
        timeout=300,
    )
    fresh = set(entries(copy / "locale" / "nb" / "LC_MESSAGES" / "django.po"))
    committed = set(entries(PACKAGE / "locale" / "nb" / "LC_MESSAGES" / "django.po"))
    assert sorted(fresh - committed) == []
