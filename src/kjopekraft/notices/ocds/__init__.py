"""Notices as OCDS releases following the OCDS for eForms profile (pure Python, no Django).

:func:`release` maps one notice document (``kjopekraft notice show --json``) to one release;
:func:`package` wraps releases in a release package. The profile's schemas ship in ``data/``
(Apache-2.0, see ``data/SOURCE.md``) and :func:`schema` loads them for validation.
"""

from kjopekraft.notices.ocds.release import (
    OCDS_VERSION,
    PROFILE,
    package,
    release,
    schema,
    two_letter_language,
)

__all__ = ["OCDS_VERSION", "PROFILE", "package", "release", "schema", "two_letter_language"]
