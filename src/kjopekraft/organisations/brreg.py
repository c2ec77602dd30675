"""Organisations from Brønnøysundregistrene's Central Coordinating Register (Enhetsregisteret).

Accepted files are JSON, gzipped or not (recognised by content, not by name):

- the bulk download of all units (``enheter`` or ``underenheter``): one JSON array of units. It is
  streamed, so a file of a million units never sits in memory;
- one unit, as the API returns ``/enheter/{orgnr}`` or ``/underenheter/{orgnr}``;
- a page of search results, with the units under ``_embedded.enheter`` or
  ``_embedded.underenheter`` (a page without ``_embedded`` is an empty result).

How a unit becomes an :class:`~kjopekraft.organisations.models.Organisation`:

- ``organisasjonsnummer`` must pass the MOD11 check; a unit without a valid number is rejected
  with the reason (the register's own API documentation uses invented numbers that fail it);
- ``navn`` is kept as the register writes it (usually in capitals): it is the official name;
- ``organisasjonsform.kode`` is kept as the organisation form and decides the kind (see
  ``FORM_KINDS``). Sub-units (``BEDR``, ``AAFY``) and organisational units (``ORGL``) take the
  kind of the unit above them (``overordnetEnhet``) when that one is already known, so that a
  school under a municipality counts as part of the municipality; otherwise an ``ORGL`` is taken
  to be part of the state and a sub-unit is "other". Import the main units first;
- the municipality comes from the business address (``forretningsadresse``), for sub-units the
  location address (``beliggenhetsadresse``), else the postal address. Its number is mapped to
  the 2024 structure; a number that was split since then leaves the municipality empty rather
  than guessed. The country is that address's ``landkode``;
- ``stiftelsesdato`` is the founding date, ``naeringskode1.kode`` the NACE code;
- ``hjemmeside`` gets ``https://`` when the register has no scheme; an address that still is
  not a valid URL is dropped;
- a unit with ``slettedato`` has been deleted from the register: it is rejected with that date
  as the reason, so it is never created; an organisation already in the database is left alone,
  because notices may refer to it;
- bankruptcy (``konkurs``), winding up and closure (``nedleggelsesdato``) do not stop the
  import: the unit still exists in the register, and still appears in notices. The model keeps
  no status for them.

An organisation that would not change is not written, so a second import of the same file
reports every unit as unchanged. ``registry_updated`` is the time the import last changed the
row. Units are written in batches, each unit in its own savepoint, so one bad unit never costs
the good ones, and a file that breaks off keeps everything before the break.
"""

from __future__ import annotations

import copy
import datetime as dt
import gzip
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ijson
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kjopekraft.organisations import orgnr
from kjopekraft.organisations.geography import single_municipality_2024
from kjopekraft.organisations.models import Municipality, Organisation

Kind = Organisation.Kind

FORM_KINDS: dict[str, str] = {
    # Central government: the state itself and its organisational units.
    "STAT": Kind.STATE,
    "ORGL": Kind.STATE,
    "ADOS": Kind.STATE,
    "FYLK": Kind.COUNTY,
    "KOMM": Kind.MUNICIPALITY,
    # Enterprises owned by the state, regions or municipalities, which buy under the same rules.
    "SF": Kind.PUBLIC_ENTERPRISE,
    "HF": Kind.PUBLIC_ENTERPRISE,
    "KF": Kind.PUBLIC_ENTERPRISE,
    "FKF": Kind.PUBLIC_ENTERPRISE,
    "IKS": Kind.PUBLIC_ENTERPRISE,
    "SÆR": Kind.PUBLIC_ENTERPRISE,
    # Businesses, including sole proprietorships, partnerships, cooperatives and the Norwegian
    # branches of foreign companies.
    "AS": Kind.COMPANY,
    "ASA": Kind.COMPANY,
    "ENK": Kind.COMPANY,
    "ANS": Kind.COMPANY,
    "DA": Kind.COMPANY,
    "KS": Kind.COMPANY,
    "SA": Kind.COMPANY,
    "BA": Kind.COMPANY,
    "NUF": Kind.COMPANY,
    "SE": Kind.COMPANY,
    "PRE": Kind.COMPANY,
    "GFS": Kind.COMPANY,
    "SPA": Kind.COMPANY,
    "EOFG": Kind.COMPANY,
    "STI": Kind.FOUNDATION,
    "FLI": Kind.ASSOCIATION,
}

# Forms whose kind follows the unit above them, when that unit is known.
INHERITING_FORMS = frozenset({"ORGL", "BEDR", "AAFY"})

# The address that places a unit, in order of preference.
ADDRESS_KEYS = ("forretningsadresse", "beliggenhetsadresse", "postadresse")

# The keys under which units appear in the file: the items of a top-level array, or of a search
# page's ``_embedded`` lists.
_UNIT_PREFIXES = frozenset({"item", "_embedded.enheter.item", "_embedded.underenheter.item"})

_NAME_LENGTH = Organisation._meta.get_field("name").max_length or 300
_FORM_LENGTH = Organisation._meta.get_field("organisation_form").max_length or 10
_NACE_LENGTH = Organisation._meta.get_field("nace_code").max_length or 10
_WEBSITE_LENGTH = Organisation._meta.get_field("website").max_length or 200
_validate_url = URLValidator(schemes=["http", "https"])

# Compared with the database to decide whether a unit changed.
_MAPPED_FIELDS = (
    "name",
    "kind",
    "organisation_form",
    "country",
    "municipality_id",
    "founding_date",
    "nace_code",
    "website",
)


class BrokenFile(Exception):
    """The file cannot be read as register data; the message says why, for the user."""


@dataclass(frozen=True)
class Rejection:
    orgnr: str
    name: str
    reason: str


@dataclass
class ImportResult:
    seen: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    # Set when the file broke off: the units before the break were imported.
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "seen": self.seen,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [
                {"orgnr": r.orgnr, "name": r.name, "reason": r.reason} for r in self.rejected
            ],
        }


class _Rejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# -- reading -----------------------------------------------------------------------------------


def iter_units(stream: IO[bytes]) -> Iterator[Any]:
    """Each unit in a register file, in file order; :class:`BrokenFile` if the file is not one.

    A unit is normally a dict; whatever else stands in a unit's place is yielded as it is, for
    the importer to reject.
    """
    top = None  # the top-level object, when the file is one
    unit = None  # the unit being built
    depth = 0
    listed = False  # whether the file lists units (an array or a search page)
    for prefix, event, value in ijson.parse(stream, use_float=True):
        if unit is not None:
            unit.event(event, value)
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
                if depth == 0:
                    yield unit.value
                    unit = None
            continue
        if prefix in _UNIT_PREFIXES:
            listed = True
            if event in ("start_map", "start_array"):
                unit = ijson.ObjectBuilder()
                unit.event(event, value)
                depth = 1
            else:
                yield value
            continue
        if prefix == "" and event == "start_map":
            top = ijson.ObjectBuilder()
        if top is not None:
            # A search page's units were streamed above; the rest of the object is small.
            top.event(event, value)
        elif prefix == "" and event not in ("start_array", "end_array"):
            raise BrokenFile(_("The file holds a single JSON value, not register units."))
    if top is None or listed:
        return
    document = top.value
    if "organisasjonsnummer" in document:
        yield document
    elif "_embedded" not in document and "page" not in document:
        raise BrokenFile(
            _(
                "The file is JSON but not a unit, a list of units or a search page from the "
                "Central Coordinating Register."
            )
        )


def _json_error_detail(exc: Exception) -> str:
    message = exc.args[0] if exc.args else str(exc)
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    lines = str(message).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


# -- mapping -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _code(value: Any) -> str:
    return _text(value.get("kode")) if isinstance(value, dict) else ""


def _address(unit: dict[str, Any]) -> dict[str, Any]:
    for key in ADDRESS_KEYS:
        address = unit.get(key)
        if isinstance(address, dict) and address:
            return address
    return {}


def _date(value: Any) -> dt.date | None:
    # A malformed optional date should not cost the organisation; it is left empty.
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError:
        return None


def website(value: Any) -> str:
    """The register's home page as a URL: ``https://`` added when missing, ``""`` when invalid."""
    url = _text(value)
    if not url:
        return ""
    if "://" not in url:
        url = f"https://{url}"
    if len(url) > _WEBSITE_LENGTH:
        return ""
    try:
        _validate_url(url)
    except ValidationError:
        return ""
    return url


def kind_for(form: str, parent_kind: str | None = None) -> str:
    """The kind of organisation for a register organisation form (see ``FORM_KINDS``)."""
    if form in INHERITING_FORMS and parent_kind:
        return parent_kind
    return FORM_KINDS.get(form, Kind.OTHER)


@dataclass
class _Mapped:
    orgnr: str
    values: dict[str, Any]


class _Importer:
    def __init__(self, *, dry_run: bool, batch_size: int) -> None:
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.result = ImportResult()
        self.municipalities = dict(Municipality.objects.values_list("number", "pk"))

    def run(self, units: Iterator[Any], progress: Callable[[], None] | None) -> ImportResult:
        while True:
            batch: list[Any] = []
            try:
                for unit in units:
                    batch.append(unit)
                    if len(batch) >= self.batch_size:
                        break
            except BrokenFile as exc:
                self.result.error = str(exc)
            self._import_batch(batch)
            if progress is not None:
                progress()
            if self.result.error is not None or len(batch) < self.batch_size:
                return self.result

    def _map(self, unit: Any, parent_kinds: dict[str, str]) -> _Mapped:
        if not isinstance(unit, dict):
            raise _Rejected(_("not a register unit (a JSON object was expected)"))
        raw_number = unit.get("organisasjonsnummer")
        try:
            number = orgnr.validate(str(raw_number) if raw_number is not None else "")
        except orgnr.InvalidOrgnr as exc:
            raise _Rejected(
                _("invalid organisation number: %(reason)s") % {"reason": exc.reason}
            ) from exc
        deleted = _text(unit.get("slettedato"))
        if deleted:
            raise _Rejected(_("deleted from the register on %(date)s") % {"date": deleted})
        name = " ".join(_text(unit.get("navn")).split())
        if not name:
            raise _Rejected(_("no name"))
        if len(name) > _NAME_LENGTH:
            raise _Rejected(
                _("the name is longer than %(length)d characters") % {"length": _NAME_LENGTH}
            )
        form = _code(unit.get("organisasjonsform")).upper()
        if len(form) > _FORM_LENGTH:
            raise _Rejected(_("unknown organisation form %(form)s") % {"form": form})
        parent = _text(unit.get("overordnetEnhet"))
        address = _address(unit)
        municipality_number = single_municipality_2024(_text(address.get("kommunenummer")))
        country = _text(address.get("landkode")).upper()
        nace = _code(unit.get("naeringskode1"))
        return _Mapped(
            orgnr=number,
            values={
                "name": name,
                "kind": kind_for(form, parent_kinds.get(parent)),
                "organisation_form": form,
                "country": country if len(country) == 2 and country.isalpha() else "NO",
                "municipality_id": self.municipalities.get(municipality_number or ""),
                "founding_date": _date(unit.get("stiftelsesdato")),
                "nace_code": nace if len(nace) <= _NACE_LENGTH else "",
                "website": website(unit.get("hjemmeside")),
            },
        )

    def _import_batch(self, batch: list[Any]) -> None:
        if not batch:
            return
        numbers: set[str] = set()
        parents: set[str] = set()
        for unit in batch:
            if isinstance(unit, dict):
                numbers.add(orgnr.normalise(str(unit.get("organisasjonsnummer") or "")))
                parents.add(_text(unit.get("overordnetEnhet")))
        existing = Organisation.objects.in_bulk(numbers - {""}, field_name="orgnr")
        parent_kinds = dict(
            Organisation.objects.filter(orgnr__in=parents - {""}).values_list("orgnr", "kind")
        )
        now = timezone.now()
        with transaction.atomic():
            for unit in batch:
                self.result.seen += 1
                try:
                    mapped = self._map(unit, parent_kinds)
                    self._write(mapped, existing, now)
                except _Rejected as exc:
                    self._reject(unit, exc.reason)
                    continue
                except DatabaseError as exc:
                    self._reject(unit, _("the database refused it: %(error)s") % {"error": exc})
                    continue
                # A unit later in the same batch may sit under this one.
                parent_kinds[mapped.orgnr] = mapped.values["kind"]

    def _write(self, mapped: _Mapped, existing: dict[str, Organisation], now: dt.datetime) -> None:
        organisation = existing.get(mapped.orgnr)
        if organisation is None:
            organisation = Organisation(orgnr=mapped.orgnr, registry_updated=now, **mapped.values)
            if not self.dry_run:
                with transaction.atomic():
                    organisation.save(force_insert=True)
            existing[mapped.orgnr] = organisation
            self.result.created += 1
            return
        changed = [
            name for name in _MAPPED_FIELDS if getattr(organisation, name) != mapped.values[name]
        ]
        if not changed:
            self.result.unchanged += 1
            return
        if not self.dry_run:
            # Changed on a copy, so that a refused update leaves the cached row as it is.
            updated = copy.copy(organisation)
            for name in changed:
                setattr(updated, name, mapped.values[name])
            updated.registry_updated = now
            with transaction.atomic():
                updated.save(update_fields=[*changed, "registry_updated", "updated"])
            existing[mapped.orgnr] = updated
        else:
            for name in changed:
                setattr(organisation, name, mapped.values[name])
        self.result.updated += 1

    def _reject(self, unit: Any, reason: str) -> None:
        number = name = ""
        if isinstance(unit, dict):
            number = str(unit.get("organisasjonsnummer") or "")
            name = _text(unit.get("navn"))
        self.result.rejected.append(Rejection(orgnr=number, name=name, reason=reason))


# -- entry points ------------------------------------------------------------------------------


def import_units(
    units: Iterable[Any], *, dry_run: bool = False, batch_size: int = 500
) -> ImportResult:
    """Import units already read (dicts as the register's API returns them)."""
    importer = _Importer(dry_run=dry_run, batch_size=batch_size)
    return importer.run(iter(units), progress=None)


def import_file(
    path: str | Path,
    *,
    dry_run: bool = False,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a register file (see the module docstring for the formats).

    ``progress`` is called now and then with the number of bytes of the file read so far. When
    the file breaks off or is not register data, ``error`` in the result says why; the units read
    before the break are imported.
    """
    importer = _Importer(dry_run=dry_run, batch_size=batch_size)
    with open(path, "rb") as raw:
        compressed = raw.peek(2)[:2] == b"\x1f\x8b"
        stream: IO[bytes] = gzip.GzipFile(fileobj=raw) if compressed else raw
        with stream:
            units = _guarded(iter_units(stream), raw)
            report = (lambda: progress(raw.tell())) if progress is not None else None
            return importer.run(units, report)


def _guarded(units: Iterator[Any], raw: IO[bytes]) -> Iterator[Any]:
    """The units, with every way a file can break turned into :class:`BrokenFile`."""
    try:
        yield from units
    except ijson.JSONError as exc:
        raise BrokenFile(
            _("The file is not valid JSON or is cut short near byte %(offset)d: %(detail)s")
            % {"offset": raw.tell(), "detail": _json_error_detail(exc)}
        ) from exc
    except (EOFError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise BrokenFile(
            _("The compressed file is damaged or cut short: %(detail)s") % {"detail": exc}
        ) from exc
