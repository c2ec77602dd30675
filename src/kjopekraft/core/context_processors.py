from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation

from kjopekraft.accounts import predicates

LOCAL_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


def language_links(request: HttpRequest) -> list[dict[str, Any]]:
    """The current page in each language; a page that has no address gets that language's home."""
    current = translation.get_language()
    path = request.get_full_path()
    try:
        resolve(request.path_info)
        resolvable = True
    except Resolver404:
        resolvable = False
    links = []
    for code, _name in settings.LANGUAGES:
        if resolvable:
            url = translate_url(path, code)
        else:
            with translation.override(code):
                url = reverse("core:home")
        links.append(
            {
                "code": code,
                "name": LOCAL_NAMES.get(code, code),
                "url": url,
                "current": code == current,
            }
        )
    return links


def site(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: the menu's roles and the language links."""
    user = getattr(request, "user", None)
    return {
        "is_adviser": bool(user and predicates.is_adviser(user)),
        "language_links": language_links(request),
    }
