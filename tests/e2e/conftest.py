"""Fixtures and helpers for the browser smoke tests (Playwright driving Debian's Chromium).

The tests run against pytest-django's ``live_server``; every page check asserts that the
browser logged no console errors, runs axe-core (WCAG 2.0/2.1 A and AA) and saves a
full-page screenshot to ``var/screenshots/`` at a desktop and a phone viewport.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread; without this, Django
# refuses ORM calls made from the test body (e.g. load_demo()) as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tests import snapshots

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parent.parent
SCREENSHOT_DIR = REPO_ROOT / "var" / "screenshots"
AXE_PATH = E2E_DIR / "vendor" / "axe.min.js"

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

VIEWPORTS: dict[str, dict[str, int]] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 375, "height": 812},
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Best practices the pages keep too: headings in order, roles an element may take, each
# landmark named apart from the others of its kind (link-in-text-block is WCAG's own).
AXE_RULES = ["heading-order", "aria-allowed-role", "landmark-unique"]
# The site's default language; pinned so that runs do not depend on the host's locale.
BROWSER_LOCALE = "pl-PL"
# The demo's regional coordinator, the login most browser tests act as.
COORDINATOR = "rops@demo.example"

# Attribute on a Page holding its console errors and uncaught exceptions. Kept on the page
# itself so that it does not matter how often this module gets imported.
_ERRORS_ATTR = "_koordynator_errors"


def chromium_path() -> str:
    return os.environ.get("KOORDYNATOR_CHROMIUM") or DEFAULT_CHROMIUM


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """One Chromium for the whole session. A missing binary is a failure, never a skip."""
    path = chromium_path()
    if not Path(path).is_file():
        pytest.fail(
            f"Chromium not found at {path}: install it with `apt-get install chromium` (Debian)",
            pytrace=False,
        )
    browser = playwright_instance.chromium.launch(
        executable_path=path, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale=BROWSER_LOCALE)
    yield context
    context.close()


def watch_errors(page: Page) -> list[str]:
    """Start collecting the page's console errors and uncaught exceptions."""
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error":
            location = message.location or {}
            where = location.get("url", "")
            if where:
                where = f" ({where}:{location.get('lineNumber', '?')})"
            errors.append(f"console.error: {message.text}{where}")

    def on_page_error(error: Any) -> None:
        errors.append(f"uncaught exception: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    setattr(page, _ERRORS_ATTR, errors)
    return errors


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A fresh page whose console errors are collected from the moment it exists."""
    page = context.new_page()
    watch_errors(page)
    yield page
    page.close()


def _format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation.get('impact') or 'n/a'}] {violation['help']}"
            f" ({violation.get('helpUrl', '')})"
        )
        for node in violation["nodes"]:
            target = " ".join(
                json.dumps(part) if not isinstance(part, str) else part for part in node["target"]
            )
            lines.append(f"    * {target}")
            summary = (node.get("failureSummary") or "").strip()
            for summary_line in summary.splitlines():
                lines.append(f"        {summary_line.strip()}")
    return "\n".join(lines)


def log_in(page: Page, base_url: str, email: str = COORDINATOR, password: str = "") -> None:
    """Log in through the login form, as a person would (the demo's password by default)."""
    from koordynator.demo.data import DEMO_PASSWORD

    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password or DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base_url}/panel/")


def transitions_finished(page: Page) -> None:
    """Wait until no CSS transition runs (a hovered button's colour, a collapsing menu): a
    screenshot or a contrast check taken mid-transition reads colours that do not stay."""
    page.wait_for_function(
        "() => document.getAnimations()"
        ".every((a) => !(a instanceof CSSTransition) || a.playState !== 'running')"
    )


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Inject axe-core (once per document) and return its WCAG 2.x A/AA violations and
    those of the best practices in AXE_RULES."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    return page.evaluate(
        """async ([tags, rules]) => {
            const enabled = Object.fromEntries(rules.map((rule) => [rule, {enabled: true}]));
            const results = await axe.run(
                document, {runOnly: {type: 'tag', values: tags}, rules: enabled});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({target: n.target, failureSummary: n.failureSummary})),
            }));
        }""",
        [AXE_TAGS, AXE_RULES],
    )


def screenshot_path(name: str, viewport: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR / f"{name}-{viewport}.png"


def check_page(page: Page, name: str) -> None:
    """Smoke-check the page as it is now, at the desktop and the phone viewport.

    Asserts that no console error or uncaught exception happened since the page was created
    and that axe-core finds no WCAG 2.0/2.1 A or AA violation; saves a full-page screenshot
    per viewport to var/screenshots/<name>-<viewport>.png (before asserting, so that a failing
    check still leaves its screenshots behind).
    """
    errors: list[str] | None = getattr(page, _ERRORS_ATTR, None)
    if errors is None:
        raise RuntimeError("check_page() needs a page created by the `page` fixture")
    page.wait_for_load_state("load")
    original = page.viewport_size
    problems: list[str] = []
    try:
        for viewport, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            # Let layout settle after the resize (media queries, collapsing navbar); a part
            # that loads data marks itself busy (the map after a resize), and colours are
            # read once it has drawn and no transition (a fading marker) is under way.
            page.evaluate(
                "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            expect(page.locator('[aria-busy="true"]')).to_have_count(0)
            transitions_finished(page)
            page.screenshot(path=str(screenshot_path(name, viewport)), full_page=True)
            violations = run_axe(page)
            if violations:
                problems.append(
                    f"axe found {len(violations)} WCAG A/AA violation(s) on {name!r} at "
                    f"{viewport} {size['width']}x{size['height']} ({page.url}):\n"
                    + _format_violations(violations)
                )
    finally:
        if original:
            page.set_viewport_size(original)
    if errors:
        problems.insert(
            0,
            f"the browser reported {len(errors)} error(s) on {name!r} ({page.url}):\n"
            + "\n".join(f"- {error}" for error in errors),
        )
    assert not problems, "\n\n".join(problems)


# The demo, loaded once per test process and then copied back: browser tests are
# transactional, so the database is emptied after each of them, and loading the demo
# through the services every time took most of the browser tests' time.
_demo_copies: dict[str, Any] = {}


def load_demo_data() -> None:
    """The demo region as `load_demo()` leaves it, in an emptied test database.

    The first call in a test process loads it through the services and keeps a copy of
    every table and stored file; later calls put that copy back (see tests/snapshots.py).
    """
    from django.core.files.storage import default_storage
    from django.db import connection

    from koordynator.demo.data import load_demo

    copy = _demo_copies.get(connection.vendor)
    if copy is None:
        load_demo()
        _demo_copies[connection.vendor] = (
            snapshots.copy_database(connection),
            snapshots.copy_files(default_storage),
        )
        return
    tables, files = copy
    snapshots.restore_database(connection, tables)
    snapshots.restore_files(default_storage, files)
