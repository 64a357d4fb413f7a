"""Take the README's screenshot of the tokenizer playground (Lesson 1) with headless Chromium.

    .venv/bin/python scripts/screenshot_playground.py                 # builds the site first
    .venv/bin/python scripts/screenshot_playground.py --site site/    # or uses a site already built

Writes docs/assets/screenshots/playground.png: the playground with a short English and Chinese
text typed in, 1280 px wide, light palette. Like scripts/screenshots.py (the other README
screenshots), it uses tests/browser_support.py and fetches nothing from outside 127.0.0.1.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import Recorder, StaticServer, find_chromium, launch  # noqa: E402

URL = "/lessons/01-what-is-a-token/"
TEXT = "Token is the new currency of the AI era.\nToken是AI时代的新货币。 🎉\n\n    return count  # 42"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one in a temporary folder)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "assets" / "screenshots" / "playground.png")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        parser.error("no Chromium found (Debian: apt-get install chromium; or set TE_CHROMIUM)")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                cwd=ROOT,
                check=True,
            )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with StaticServer(site) as server, sync_playwright() as playwright:
            browser = launch(playwright, executable)
            context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
            recorder = Recorder(server.origin)
            recorder.attach(context)
            page = context.new_page()
            recorder.watch(page)
            page.goto(server.origin + URL, wait_until="networkidle")
            page.locator("#te-playground").scroll_into_view_if_needed()
            page.wait_for_selector("#te-playground[data-ready='true']", timeout=30_000)
            page.get_by_label("Your text").fill(TEXT)
            page.evaluate("window.tePlayground.update()")
            page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")  # the fixed header stays on top
            page.mouse.move(0, 0)
            # from the section's heading to the end of the playground, clear of the fixed header
            box = page.evaluate(
                """() => {
                    const top = document.getElementById('try-it-the-tokenizer-playground').getBoundingClientRect();
                    const end = document.getElementById('te-playground').getBoundingClientRect();
                    return {x: end.left - 16, y: top.top + window.scrollY - 8, width: end.width + 32,
                            height: end.bottom - top.top + 24};
                }"""
            )
            page.screenshot(path=str(args.out), full_page=True, clip=box)
            print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
            browser.close()
        if recorder.problems():
            print("\n".join(recorder.problems()), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
