"""Reading settings from the environment.

Every secret may also come from a file named by ``<NAME>_FILE`` (Docker and systemd credentials),
so that secrets need not sit in the process environment.
"""

from __future__ import annotations

import os
from pathlib import Path


class ConfigurationError(RuntimeError):
    """A setting is missing or malformed; the message names it."""


def get(name: str, default: str | None = None) -> str | None:
    """The value of ``name``, or the content of the file ``<name>_FILE`` names, or ``default``."""
    value = os.environ.get(name)
    if value is not None:
        return value
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(f"{name}_FILE={path} cannot be read: {exc}") from exc
    return default


def require(name: str) -> str:
    value = get(name)
    if not value:
        raise ConfigurationError(f"{name} (or {name}_FILE) must be set")
    return value


def flag(name: str, default: bool) -> bool:
    value = get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name}={value!r} is not a yes/no value (use 1 or 0)")


def listing(name: str, default: str = "") -> list[str]:
    value = get(name, default) or ""
    return [item.strip() for item in value.split(",") if item.strip()]


def integer(name: str, default: int) -> int:
    value = get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigurationError(f"{name}={value!r} is not a whole number") from exc
