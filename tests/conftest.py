"""Shared fixtures: the personas, and a real browser for the page tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kjopekraft.core.demo import DEMO_PASSWORD, load_demo

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEBIAN_CHROMIUM = [Path("/usr/lib/chromium/chromium"), Path("/usr/bin/chromium")]


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _bokmal() -> Iterator[None]:
    """Each test starts in bokmål, as a new visitor does; `reverse()` then gives bare addresses."""
    from django.utils import translation

    with translation.override("nb"):
        yield


@pytest.fixture
def personas(db: None) -> dict[str, Any]:
    """The demo personas by role, as `make run` seeds them."""
    from kjopekraft.accounts.models import User

    load_demo()
    users = {u.email: u for u in User.objects.all()}
    return {
        "admin": users["admin@kjopekraft.no"],
        "adviser": users["radgiver@kjopekraft.no"],
        "buyer": users["innkjoper@stavanger.kommune.no"],
        "pending_buyer": users["ny.innkjoper@bergen.kommune.no"],
        "supplier": users["leverandor@robotikk.example"],
        "outsider": users["besokende@example.no"],
        "password": DEMO_PASSWORD,
    }


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium: Debian's build when installed, Playwright's own otherwise."""
    from playwright.sync_api import sync_playwright

    executable = next((str(p) for p in DEBIAN_CHROMIUM if p.exists()), None)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
