"""Take the README's screenshots of the docs site with headless Chromium.

    .venv/bin/python scripts/screenshots.py                 # builds the site first (mkdocs build --strict)
    .venv/bin/python scripts/screenshots.py --site site/    # or uses a site already built

Writes docs/assets/screenshots/home.png (the home page) and lesson.png (the top of Lesson 1),
1280 × 800, light palette. Needs the Python package playwright and a system Chromium
(Debian: apt-get install chromium), like tests/test_browser.py, whose helpers it uses.
Nothing is fetched from outside 127.0.0.1.
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

SHOTS = {
    "home.png": "/",
    "lesson.png": "/lessons/01-what-is-a-token/",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one in a temporary folder)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "assets" / "screenshots")
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
        args.out.mkdir(parents=True, exist_ok=True)
        with StaticServer(site) as server, sync_playwright() as playwright:
            browser = launch(playwright, executable)
            context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="light")
            recorder = Recorder(server.origin)
            recorder.attach(context)
            page = context.new_page()
            recorder.watch(page)
            for name, url in SHOTS.items():
                page.goto(server.origin + url, wait_until="networkidle")
                page.screenshot(path=str(args.out / name))
                shot = args.out / name
                print(f"wrote {shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot}")
            browser.close()
        if recorder.problems():
            print("\n".join(recorder.problems()), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
