"""Write the CJK font the Chinese edition draws with: a subset of Noto Sans CJK SC.

    python scripts/make_cjk_font.py [SOURCE.ttc]

SOURCE defaults to Debian's fonts-noto-cjk (``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc``,
font 2 of the collection: Noto Sans CJK SC, version 2.004; SIL Open Font License 1.1). The
subset keeps ASCII, CJK punctuation and full-width forms, and every Chinese character that the
course's Chinese text uses (pages, notebooks, hints, phrases, widget strings, the theme's Chinese
interface), so a chart or a page never shows a missing-glyph box; a character typed by a reader
that the subset lacks is drawn by the computer's own fonts. A page's whole first visit stays
under the site's 2 MB budget (tests/test_browser.py), which the full font (16 MB) would not.
tests/test_zh_parity.py fails when a Chinese text uses a character the font lacks: then run this
script again. Written to
``src/token_economics/data/fonts/NotoSansCJKsc-course.otf`` (the package draws charts with it)
and the same font compressed as ``.woff2`` (the docs build serves it to the browser; writing it
needs ``pip install brotli``), and their sha256 into the folder's README.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_INDEX = 2  # JP, KR, SC, TC, HK, then the Mono faces
TARGET = ROOT / "src" / "token_economics" / "data" / "fonts" / "NotoSansCJKsc-course.otf"
WEB = TARGET.with_suffix(".woff2")  # the same font compressed for the browser (needs `pip install brotli`)


def course_texts() -> list[Path]:
    """Every file whose Chinese the site or the charts show."""
    import material

    src = ROOT / "src" / "token_economics"
    paths = [*ROOT.glob("docs/**/*.zh.md"), *ROOT.glob("lessons/*.zh.ipynb"), ROOT / "mkdocs.yml"]
    paths += [*src.glob("site/*"), *src.glob("data/exercises/*.toml"), src / "grader" / "hints.py"]
    paths += [src / "data" / "market" / "price_corrections.csv", *src.glob("data/lesson1/*")]
    paths += [*ROOT.glob("docs/hooks/*"), *ROOT.glob("docs/assets/**/*.js"), *ROOT.glob("docs/javascripts/*.js")]
    paths += [Path(material.__file__).parent / "templates" / "partials" / "languages" / "zh.html"]
    return [p for p in paths if p.is_file()]


def wanted() -> set[str]:
    chars = {chr(c) for c in range(0x20, 0x7F)}
    chars |= {chr(c) for c in range(0x3000, 0x3040)} | {chr(c) for c in range(0xFF01, 0xFF5F)}
    chars |= set("·—–…“”‘’×÷≥≤≈→←√²³⁹⁰¹⁴⁵⁶⁷⁸⁻")
    for path in course_texts():
        text = path.read_text(encoding="utf-8", errors="ignore")
        chars |= {c for c in text if 0x2E80 <= ord(c) <= 0x9FFF or 0xFF00 <= ord(c) <= 0xFFEF}
    return chars


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else SOURCE
    font = TTCollection(str(source)).fonts[SC_INDEX]
    font.recalcTimestamp = False  # the same input gives the same file (its sha256 is recorded)
    cmap = font.getBestCmap()
    chars = sorted(c for c in wanted() if ord(c) in cmap)
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the copyright, licence and version records
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(TARGET))
    print(f"{TARGET.relative_to(ROOT)}: {len(chars)} characters, {TARGET.stat().st_size / 1e6:.1f} MB")
    font.flavor = "woff2"
    font.save(str(WEB))
    print(f"{WEB.relative_to(ROOT)}: {WEB.stat().st_size / 1e6:.2f} MB")
    readme = TARGET.with_name("README.md")
    text = readme.read_text("utf-8")
    for path in (TARGET, WEB):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        row = re.compile(rf"(\| `{re.escape(path.name)}` \|.*\| `)[0-9a-f]{{64}}(` \|)")
        text = row.sub(rf"\g<1>{digest}\g<2>", text)
        print(f"{path.name}: sha256 {digest}")
    readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
