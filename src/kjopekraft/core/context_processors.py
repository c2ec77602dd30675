from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kjopekraft.accounts import predicates


def site(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: the signed-in person's roles for the menu."""
    user = getattr(request, "user", None)
    return {
        "is_adviser": bool(user and predicates.is_adviser(user)),
    }
