"""The name sign-in failures are counted under.

E-mail addresses are case-insensitive at sign-in, so failures must be counted case-insensitively
too; otherwise changing the case of one letter would give a password guesser a fresh allowance.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    value = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(value).strip().lower()
