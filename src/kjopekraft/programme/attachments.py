"""What a proposal may carry: a few document and image types, each checked by its content.

A file's name and the type the browser claims are both chosen by the sender, so neither is
trusted: the first bytes of the file decide what it is (``filetype`` reads the signatures,
including the parts inside Office Open XML and OpenDocument containers). A file that is not on
the list, or is too large, is refused with a message that says which file and why.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5

# Detected MIME type → the extension the file is stored and downloaded with.
ALLOWED = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "image/png": "png",
    "image/jpeg": "jpg",
}
ALLOWED_LABEL = _("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG")


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str
    name: str


def safe_name(name: str, extension: str) -> str:
    """The name to show and to download with: no folders, no odd characters, the true extension."""
    base = re.split(r"[\\/]", name or "")[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"[^\w\- ]+", "", stem, flags=re.UNICODE).strip()[:150] or "vedlegg"
    return f"{stem}.{extension}"


def check(upload: Any) -> CheckedFile:
    """Read an uploaded file and say what it is, or raise ``ValidationError`` saying why not."""
    name = str(getattr(upload, "name", "") or "")
    size = int(upload.size or 0)
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    if size > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; each file may be at most %(limit)s."),
            code="too-large",
            params={
                "name": name,
                "size": filesizeformat(size),
                "limit": filesizeformat(MAX_BYTES),
            },
        )
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            _(
                "“%(name)s” is not a file type we accept, whatever its name says. "
                "Accepted: %(allowed)s."
            ),
            code="type",
            params={"name": name, "allowed": ALLOWED_LABEL},
        )
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    extension = ALLOWED[kind.mime]
    return CheckedFile(kind.mime, extension, size, digest.hexdigest(), safe_name(name, extension))


def check_all(uploads: list[Any], existing: int = 0) -> list[CheckedFile]:
    """Check every file and report all problems at once, so the supplier fixes them in one go."""
    errors: list[ValidationError] = []
    checked = []
    if existing + len(uploads) > MAX_FILES:
        errors.append(
            ValidationError(
                _("A proposal may have at most %(count)s attachments."),
                code="too-many",
                params={"count": MAX_FILES},
            )
        )
    for upload in uploads:
        try:
            checked.append(check(upload))
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        raise ValidationError(errors)
    return checked
