"""Shipped data: every file has its provenance, licence and a current sha256; every cited key exists."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from token_economics.data import DATA_DIR, references, sha256_of

# Project-written metadata (exercise hints, the bibliography) is documented in DEVELOPING.md.
METADATA_DIRS = {"exercises", "references"}
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|(.*)\|\s*`([0-9a-f]{64})`\s*\|\s*$")


def _installed(path: str) -> Path | None:
    """``package/inner/file`` inside an installed package (a dependency's data file), or None."""
    spec = importlib.util.find_spec(path.split("/")[0])
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]).parent / path


def _readme_rows(readme: Path) -> dict[Path, str]:
    """File → recorded sha256. A path is relative to the README's folder, or, for a file that a
    dependency ships (the README says so), inside that installed package."""
    rows = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            local = readme.parent / match.group(1)
            path = local if local.exists() else (_installed(match.group(1)) or local)
            rows[path.resolve()] = match.group(3)
    return rows


def test_every_data_file_is_recorded_with_current_sha256():
    recorded: dict[Path, str] = {}
    for readme in DATA_DIR.rglob("README.md"):
        recorded.update(_readme_rows(readme))
    for path in DATA_DIR.rglob("*"):
        if not path.is_file() or path.suffix == ".md" or path.name.startswith("."):
            continue
        rel = path.relative_to(DATA_DIR)
        if rel.parts[0] in METADATA_DIRS or "__pycache__" in rel.parts:
            continue
        assert path.resolve() in recorded, f"{rel} is not recorded in a data README (file | origin | licence | sha256)"
        assert recorded[path.resolve()] == sha256_of(path), f"{rel}: the sha256 in the README is out of date"
    for path, sha256 in recorded.items():
        assert path.exists(), f"a README records {path}, which does not exist"
        if not path.is_relative_to(DATA_DIR.resolve()):  # a dependency's file: is it the version recorded?
            assert sha256_of(path) == sha256, f"{path}: not the file the README records (did the dependency change?)"


def test_readme_rows_name_origin_and_licence():
    for readme in DATA_DIR.rglob("README.md"):
        for line in readme.read_text(encoding="utf-8").splitlines():
            if ROW.match(line):
                cells = [c.strip() for c in line.strip("|").split("|")]
                assert len(cells) >= 4 and all(cells[:4]), f"{readme}: incomplete row {line[:80]}"


def test_references_are_complete():
    refs = references()
    for key, ref in refs.items():
        assert re.fullmatch(r"[a-z0-9_]+", key), f"reference key {key!r}: lowercase letters, digits, _"
        assert ref.url.startswith(("http://", "https://")), key
        assert 1800 < int(ref.year) < 2100, key


def test_every_cited_key_in_the_library_exists():
    refs = references()
    source_dir = DATA_DIR.parent
    for path in source_dir.rglob("*.py"):
        for key in re.findall(r"\[ref:([a-z0-9_]+)\]", path.read_text(encoding="utf-8")):
            assert key in refs, f"{path.name} cites [ref:{key}], which is not in data/references/*.toml"
