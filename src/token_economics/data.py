"""Package data: where it lives, how it is read, and where each figure comes from.

Every data file the course ships sits under ``token_economics/data/``. Its provenance
(package and version it came from, licence, sha256) is recorded in the ``README.md`` of its folder,
and a test keeps that record in step with the files.

Sources are kept in one place too: ``data/references/*.toml`` (one file per lesson),
each entry with a key, authors, title, year and link. Constants in the library name the
key of their source; the docs' references page is generated from the same files.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(*parts: str) -> Path:
    """Return the path of a shipped data file, raising ``FileNotFoundError`` if it is missing."""
    path = DATA_DIR.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"token_economics data file not found: {path}")
    return path


def load_toml(*parts: str) -> dict[str, Any]:
    """Read a TOML file shipped with the package."""
    with data_path(*parts).open("rb") as handle:
        return tomllib.load(handle)


def load_json(*parts: str) -> Any:
    """Read a JSON file shipped with the package."""
    with data_path(*parts).open("r", encoding="utf-8") as handle:
        return json.load(handle)


def load_csv(*parts: str) -> list[dict[str, str]]:
    """Read a CSV file shipped with the package as a list of rows (all values are strings).

    Lines starting with ``#`` are comments (used for a short provenance header).
    """
    with data_path(*parts).open("r", encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def sha256_of(path: Path) -> str:
    """The sha256 hex digest of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Reference:
    """One cited source: the entry a constant, a data row or a sentence in the docs points at."""

    key: str
    authors: str
    title: str
    year: int
    url: str
    publisher: str = ""
    note: str = ""

    def short(self) -> str:
        """'Authors (year)', for captions and tables."""
        return f"{self.authors} ({self.year})"


@lru_cache(maxsize=1)
def references() -> dict[str, Reference]:
    """Every source the course cites, by key, read from ``data/references/*.toml``.

    Raises ``ValueError`` if two files define the same key or an entry lacks a field.
    """
    found: dict[str, Reference] = {}
    for path in sorted((DATA_DIR / "references").glob("*.toml")):
        with path.open("rb") as handle:
            table = tomllib.load(handle)
        for key, entry in table.items():
            if key in found:
                raise ValueError(f"reference {key!r} is defined twice (again in {path.name})")
            missing = [f for f in ("authors", "title", "year", "url") if f not in entry]
            if missing:
                raise ValueError(f"reference {key!r} in {path.name} lacks {', '.join(missing)}")
            found[key] = Reference(key=key, **entry)
    return found


def cite(key: str) -> Reference:
    """The reference with this key; ``KeyError`` with the known keys if there is none."""
    refs = references()
    if key not in refs:
        raise KeyError(f"no reference {key!r}; known: {', '.join(sorted(refs))}")
    return refs[key]
