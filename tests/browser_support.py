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
