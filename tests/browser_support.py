"""Headless Chromium on a site served from 127.0.0.1: shared by tests/test_browser.py and
scripts/screenshots.py.

Nothing leaves the machine. Chromium starts with its background services off (no component
updates, no sync, no Safe Browsing lists), a proxy on a closed loopback port for every host
but 127.0.0.1, and a host-resolver rule that resolves no name but localhost. On top of that,
every request for another origin than the served site is aborted before it is sent, and
recorded, so a test fails on it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
)
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-domain-reliability",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
# Every host but loopback goes to a proxy on a closed loopback port: refused at once.
DEAD_PROXY = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1,localhost"}


def find_chromium() -> str | None:
    """Chromium's path: $TE_CHROMIUM, a usual system path, or one on PATH; None if there is none."""
    candidates = [os.environ.get("TE_CHROMIUM", "")] + list(CHROMIUM_CANDIDATES)
    candidates += [shutil.which(name) or "" for name in ("chromium", "chromium-browser", "google-chrome")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def unavailable(reason: str):
    """Skip the test for a missing browser or package, or fail it under TE_REQUIRE_BROWSER=1 (CI)."""
    import pytest

    if os.environ.get("TE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"TE_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def require_chromium(who: str, modules: tuple[str, ...] = ("playwright.sync_api",)) -> str:
    """Chromium's path for ``who`` ("the playground tests"), after checking the Python
    packages they drive it with; :func:`unavailable` when something is missing."""
    import importlib

    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            unavailable(f"{who} need the Python package {module.split('.')[0]} (pip install -e '.[dev]')")
    executable = find_chromium()
    if executable is None:
        unavailable(
            f"{who} need Chromium: none at /usr/bin/chromium or on PATH "
            "(Debian: apt-get install chromium; or set TE_CHROMIUM=/path/to/chrome)"
        )
    return executable


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


class StaticServer:
    """Serve a folder on 127.0.0.1 on a free port, in a thread, for the length of a with block."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "StaticServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def launch(playwright, executable: str):
    """Start headless Chromium (the system's, never a downloaded one) with the flags above."""
    return playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS, proxy=DEAD_PROXY, timeout=30_000
    )


@dataclass
class Recorder:
    """Everything a browser context did that a clean, offline page must not do."""

    origin: str
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bytes_loaded: int = 0

    def attach(self, context) -> None:
        def route(route):
            url = route.request.url
            if url.startswith(self.origin + "/") or url == self.origin:
                route.continue_()
            else:
                self.outside.append(url)
                route.abort("blockedbyclient")

        def on_request(request):
            self.requests.append(request.url)
            if not self._inside(request.url) and request.url not in self.outside:
                self.outside.append(request.url)  # one that bypassed routing (a worker, say)

        def on_failed(request):
            # net::ERR_ABORTED is a request the browser cancelled itself (the page navigated
            # away while it was loading); a missing file shows as an error status instead.
            if self._inside(request.url) and "ERR_ABORTED" not in (request.failure or ""):
                self.failed.append(f"{request.url} ({request.failure})")

        def on_response(response):
            if self._inside(response.url):
                if response.status >= 400:
                    self.bad_status.append(f"{response.url} (HTTP {response.status})")
                self.bytes_loaded += int(response.headers.get("content-length", "0") or 0)

        context.route("**/*", route)
        context.on("request", on_request)
        context.on("requestfailed", on_failed)
        context.on("response", on_response)

    def watch(self, page) -> None:
        page.on(
            "console",
            lambda msg: self.console_errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None,
        )
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def _inside(self, url: str) -> bool:
        if url.startswith(("data:", "blob:", "about:")):
            return True
        return url.startswith(self.origin + "/") or url == self.origin

    def problems(self) -> list[str]:
        return (
            [f"outside request: {u}" for u in self.outside]
            + [f"failed request: {u}" for u in self.failed]
            + [f"error status: {u}" for u in self.bad_status]
            + [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
        )


class BrowserThread:
    """Headless Chromium driven from a thread of its own, for a test module of its own.

    Playwright's sync API allows one running instance per thread, and tests/test_browser.py's
    session fixture keeps one open in the main thread; a module that imported that fixture
    would get a second instance of it, which fails ("using Playwright Sync API inside the
    asyncio loop"). This one lives on a worker thread: ``run(fn, *args)`` calls
    ``fn(browser, *args)`` there and returns its result, or raises its exception, in the
    caller's thread. No Playwright object may leave ``fn``: return plain data.
    """

    def __init__(self, executable: str):
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="te-chromium")
        self._playwright = self._browser = None
        self._pool.submit(self._start, executable).result()

    def _start(self, executable: str) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._browser = launch(self._playwright, executable)
        except Exception:
            self._playwright.stop()
            raise

    def run(self, fn, *args, **kwargs):
        return self._pool.submit(lambda: fn(self._browser, *args, **kwargs)).result()

    @property
    def browser(self):
        """The Chromium browser: use it only inside a function passed to :meth:`run`."""
        return self._browser

    def close(self) -> None:
        def stop():
            try:
                self._browser.close()
            finally:
                self._playwright.stop()

        try:
            self._pool.submit(stop).result(timeout=60)
        finally:
            self._pool.shutdown(wait=False)

    def __enter__(self) -> "BrowserThread":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_page(browser, origin: str, timeout_ms: int = 15_000, **options):
    """A fresh context (empty cache, 1280 x 900 unless ``viewport`` says otherwise) whose every
    request is recorded and kept inside ``origin``; returns (page, recorder). Close it with
    ``page.context.close()``."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    recorder = Recorder(origin)
    context = browser.new_context(**options)
    context.set_default_timeout(timeout_ms)
    recorder.attach(context)
    page = context.new_page()
    recorder.watch(page)
    return page, recorder


# ------------------------------------------------------------------------------------------
# Accessibility: axe-core (bundled by the package axe-playwright-python), run inside the page.

# The WCAG 2.0 and 2.1 level A and AA rules: what tests/test_accessibility.py holds every page to.
AXE_WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@dataclass(frozen=True)
class AxeViolation:
    """One rule that failed on one page, with the elements (CSS selectors) that fail it."""

    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    page: str = ""

    def __str__(self) -> str:
        shown = ", ".join(self.targets[:8]) + (f", … ({len(self.targets)} in all)" if len(self.targets) > 8 else "")
        where = f"{self.page}: " if self.page else ""
        return f"{where}{self.rule} ({self.impact}, {len(self.targets)} nodes): {self.help} [{shown}]"


@functools.lru_cache(maxsize=1)
def _axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT  # the package's copy of axe.min.js

    return AXE_SCRIPT


def axe_violations(page, tags=AXE_WCAG_TAGS, context=None) -> list[AxeViolation]:
    """Run axe-core on the page as it is now (palette, widget state…) and return its violations.

    Only rules with one of ``tags`` run (by default WCAG 2.0/2.1 A and AA). ``context`` is an
    optional CSS selector to audit part of the page (a widget, say). The script is evaluated in
    the page from the installed package: nothing is fetched. Raises ImportError without
    ``axe-playwright-python``.
    """
    page.evaluate(_axe_script())
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    results = page.evaluate(
        "([context, options]) => axe.run(context || document, options)",
        [context, options],
    )
    url = page.url
    return [
        AxeViolation(
            rule=v["id"],
            impact=v.get("impact") or "",
            help=v.get("help", ""),
            targets=tuple(" ".join(str(t) for t in node["target"]) for node in v["nodes"]),
            page=url,
        )
        for v in results["violations"]
    ]
