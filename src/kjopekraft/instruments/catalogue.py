"""Loading the instrument catalogue from ``data/instruments.json`` into the database.

The file is the reviewed, versioned source; the database is what the pages show and what
advisers edit in the admin. Loading is idempotent and never overwrites an adviser's edit
silently. The rule:

- each instrument remembers the fingerprint (SHA-256 of a canonical form) of the file entry it
  was last loaded from, in ``loaded_hash``;
- an instrument whose current content still has that fingerprint is untouched: the file wins,
  and a changed file entry updates it;
- an instrument whose content differs from its fingerprint was edited (in the admin or
  anywhere else), and one added in the admin has no fingerprint at all: the edit wins. If the
  file entry changed too, the load reports a conflict, and the edit is still kept;
- ``--overwrite CODE`` lets the file win for the named instruments, on purpose;
- instruments that are in the database but not in the file are left alone and listed;
- the order of the instruments always follows the file.

Content means every field shown on the pages: names, owner, what it offers, audience, phases,
status, where to apply, sources and every condition. The fingerprint is computed from the
database row in the same canonical form as from the file, so an edit that is undone makes the
row untouched again.

The loader takes the model classes as arguments, so that the data migration can pass its
historical models and code can pass the real ones.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

DATA_FILE = Path(__file__).resolve().parent / "data" / "instruments.json"

LANGUAGES = ("nb", "nn", "en")
# The values of the models' choices (historical models in migrations have no TextChoices);
# a test checks that they agree with models.py.
PHASE_ORDER = (
    "need",
    "dialogue",
    "competition",
    "development",
    "purchase",
    "implementation",
    "spreading",
)
AUDIENCES = ("buyer", "supplier", "both")
STATUSES = ("active", "ended")
VERIFICATIONS = ("white-paper", "published", "unchecked")

_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message names the instrument and the field."""


# -- the canonical form ------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _languages(value: Any) -> dict[str, str]:
    value = value if isinstance(value, Mapping) else {}
    return {language: _text(value.get(language)) for language in LANGUAGES}


def canonical_entry(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A file entry in canonical form: every key present, strings stripped, phases in order."""
    phases = entry.get("phases") or []
    apply = entry.get("apply") or {}
    source = entry.get("source") or {}
    return {
        "code": _text(entry.get("code")),
        "name": _languages(entry.get("name")),
        "owner": _text(entry.get("owner")),
        "summary": _languages(entry.get("summary")),
        "audience": _text(entry.get("audience")),
        "phases": sorted(
            {str(p) for p in phases},
            key=lambda p: PHASE_ORDER.index(p) if p in PHASE_ORDER else len(PHASE_ORDER),
        ),
        "status": _text(entry.get("status")) or "active",
        "apply": {"url": _text(apply.get("url")), **_languages(apply)},
        "source": {"title": _text(source.get("title")), "url": _text(source.get("url"))},
        "conditions": [_canonical_condition(c) for c in entry.get("conditions") or []],
    }


def _canonical_condition(condition: Mapping[str, Any]) -> dict[str, Any]:
    source = condition.get("source") or {}
    return {
        "text": _languages(condition.get("text")),
        "source": {
            "title": _text(source.get("title")),
            "section": _text(source.get("section")),
            "url": _text(source.get("url")),
        },
        "verification": _text(condition.get("verification")) or "unchecked",
        "note": _languages(condition.get("note")),
    }


def canonical_row(instrument: Any) -> dict[str, Any]:
    """An instrument row (real or historical model) in the canonical form of a file entry."""
    conditions = instrument.conditions.order_by("position", "pk")
    return canonical_entry(
        {
            "code": instrument.code,
            "name": {language: getattr(instrument, f"name_{language}") for language in LANGUAGES},
            "owner": instrument.owner,
            "summary": {
                language: getattr(instrument, f"summary_{language}") for language in LANGUAGES
            },
            "audience": instrument.audience,
            "phases": [p.code for p in instrument.phases.all()],
            "status": instrument.status,
            "apply": {
                "url": instrument.apply_url,
                **{language: getattr(instrument, f"apply_{language}") for language in LANGUAGES},
            },
            "source": {"title": instrument.source_title, "url": instrument.source_url},
            "conditions": [
                {
                    "text": {language: getattr(c, f"text_{language}") for language in LANGUAGES},
                    "source": {
                        "title": c.source_title,
                        "section": c.source_section,
                        "url": c.source_url,
                    },
                    "verification": c.verification,
                    "note": {language: getattr(c, f"note_{language}") for language in LANGUAGES},
                }
                for c in conditions
            ],
        }
    )


def fingerprint(canonical: Mapping[str, Any]) -> str:
    encoded = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def row_hash(instrument: Any) -> str:
    return fingerprint(canonical_row(instrument))


# -- reading and checking the file -------------------------------------------------------------


def validate(entry: Mapping[str, Any]) -> None:
    """Refuse an entry the pages could not show honestly: a missing name, source or phase."""
    code = entry["code"]
    where = f"instrument {code or '(no code)'}"
    if not _CODE.match(code):
        raise CatalogueError(f"{where}: the code must be lower-case letters, digits and hyphens")
    for part in ("name", "summary"):
        missing = [language for language, text in entry[part].items() if not text]
        if missing:
            raise CatalogueError(f"{where}: {part} is missing in {', '.join(missing)}")
    if not entry["owner"]:
        raise CatalogueError(f"{where}: owner is missing")
    if entry["audience"] not in AUDIENCES:
        raise CatalogueError(f"{where}: audience must be one of {', '.join(AUDIENCES)}")
    if entry["status"] not in STATUSES:
        raise CatalogueError(f"{where}: status must be one of {', '.join(STATUSES)}")
    unknown = [p for p in entry["phases"] if p not in PHASE_ORDER]
    if unknown or not entry["phases"]:
        raise CatalogueError(f"{where}: phases must be some of {', '.join(PHASE_ORDER)}")
    if not entry["source"]["title"]:
        raise CatalogueError(f"{where}: the source of the description is missing")
    for number, condition in enumerate(entry["conditions"], start=1):
        missing = [language for language, text in condition["text"].items() if not text]
        if missing:
            raise CatalogueError(f"{where}, condition {number}: text missing in {missing}")
        if not condition["source"]["title"]:
            raise CatalogueError(f"{where}, condition {number}: the source is missing")
        if condition["verification"] not in VERIFICATIONS:
            raise CatalogueError(
                f"{where}, condition {number}: verification must be one of "
                f"{', '.join(VERIFICATIONS)}"
            )
        if condition["verification"] == "unchecked" and not condition["note"]["nb"]:
            # An unchecked figure must say why on the page rather than look like a fact.
            raise CatalogueError(
                f"{where}, condition {number}: an unchecked condition needs a note"
            )


def read_catalogue(path: Path = DATA_FILE) -> list[dict[str, Any]]:
    """The file's entries in canonical form, checked; duplicate codes are refused."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    entries = [canonical_entry(raw) for raw in document.get("instruments", [])]
    codes = [entry["code"] for entry in entries]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise CatalogueError(f"duplicate codes: {', '.join(duplicates)}")
    for entry in entries:
        validate(entry)
    return entries


# -- loading -----------------------------------------------------------------------------------


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited, and the file entry did not change
    conflicts: list[str] = field(default_factory=list)  # edited, and the file entry changed
    overwritten: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept": self.kept,
            "conflicts": self.conflicts,
            "overwritten": self.overwritten,
            "not_in_file": self.not_in_file,
            "dry_run": self.dry_run,
        }


def _ensure_phases(phase_model: Any, using: str) -> dict[str, Any]:
    phases = {}
    for position, code in enumerate(PHASE_ORDER):
        phase, _ = phase_model.objects.using(using).update_or_create(
            code=code, defaults={"position": position}
        )
        phases[code] = phase
    return phases


def _write(
    entry: Mapping[str, Any],
    instrument: Any,
    phases: Mapping[str, Any],
    condition_model: Any,
    using: str,
    digest: str,
) -> None:
    for language in LANGUAGES:
        setattr(instrument, f"name_{language}", entry["name"][language])
        setattr(instrument, f"summary_{language}", entry["summary"][language])
        setattr(instrument, f"apply_{language}", entry["apply"][language])
    instrument.owner = entry["owner"]
    instrument.audience = entry["audience"]
    instrument.status = entry["status"]
    instrument.apply_url = entry["apply"]["url"]
    instrument.source_title = entry["source"]["title"]
    instrument.source_url = entry["source"]["url"]
    instrument.loaded_hash = digest
    instrument.loaded_at = timezone.now()
    instrument.save(using=using)
    instrument.phases.set([phases[code] for code in entry["phases"]])
    condition_model.objects.using(using).filter(instrument=instrument).delete()
    condition_model.objects.using(using).bulk_create(
        condition_model(
            instrument=instrument,
            position=position,
            source_title=c["source"]["title"],
            source_section=c["source"]["section"],
            source_url=c["source"]["url"],
            verification=c["verification"],
            **{f"text_{language}": c["text"][language] for language in LANGUAGES},
            **{f"note_{language}": c["note"][language] for language in LANGUAGES},
        )
        for position, c in enumerate(entry["conditions"])
    )


def load_catalogue(
    instrument_model: Any,
    phase_model: Any,
    condition_model: Any,
    *,
    entries: Sequence[Mapping[str, Any]] | None = None,
    overwrite: Iterable[str] = (),
    dry_run: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> LoadReport:
    """Bring the database in line with the catalogue file, keeping advisers' edits.

    One transaction: a malformed file changes nothing. With ``dry_run`` the work is done and
    rolled back, so the report says exactly what a real run would do.
    """
    if entries is None:
        entries = read_catalogue()
    else:
        entries = [canonical_entry(entry) for entry in entries]
        for entry in entries:
            validate(entry)
    overwrite = set(overwrite)
    report = LoadReport(dry_run=dry_run)
    with transaction.atomic(using=using):
        phases = _ensure_phases(phase_model, using)
        existing = {i.code: i for i in instrument_model.objects.using(using).all()}
        for position, entry in enumerate(entries):
            code = entry["code"]
            digest = fingerprint(entry)
            instrument = existing.get(code)
            if instrument is None:
                instrument = instrument_model(code=code, position=position)
                _write(entry, instrument, phases, condition_model, using, digest)
                report.created.append(code)
                continue
            if instrument.position != position:
                instrument.position = position
                instrument.save(using=using, update_fields=["position"])
            edited = not instrument.loaded_hash or row_hash(instrument) != instrument.loaded_hash
            if edited and code in overwrite:
                _write(entry, instrument, phases, condition_model, using, digest)
                report.overwritten.append(code)
            elif edited and digest == instrument.loaded_hash:
                report.kept.append(code)
            elif edited:
                report.conflicts.append(code)
            elif digest == instrument.loaded_hash:
                report.unchanged.append(code)
            else:
                _write(entry, instrument, phases, condition_model, using, digest)
                report.updated.append(code)
        known = {entry["code"] for entry in entries}
        report.not_in_file = sorted(code for code in existing if code not in known)
        if dry_run:
            transaction.set_rollback(True, using=using)
    return report
