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


# --------------------------------------------------------------------------------------------
# Weak sources (issue 15): aggregators and blogs are cited only where no primary was found
# --------------------------------------------------------------------------------------------

#: Sites that re-publish what a provider, a company or a paper said: price aggregators, model
#: wikis, reposts and personal blogs. A reference on one of them must be listed below.
AGGREGATOR_HOSTS = (
    "generator-hub.com",
    "aiwiki.ai",
    "deploybase.ai",
    "hivebook.wiki",
    "factquire.com",
    "posthaven.com",
    "infraplay.ai",
    "rajuptvs.com",
    "benchlm.ai",
    "wingman.actor",
    "uptownhr.com",
    "anttisahla.com",
    "ai-tldr.dev",
    "michaelbommarito.com",
    "aitechsuite.com",
    "kristal.ai",
    "simonwillison.net",
    "aimultiple.com",
    "glennklockwood.com",
    "skywork.ai",
    "promptfoo.dev",
    "followin.io",
    "readit.vip",
    "kurtseifried.org",
    "blogspot.com",
    "medium.com",
    "substack.com",
    "statista.com",
    "openrouter.ai",
    "vercel.com",
    "helicone.ai",
)

#: The references allowed to cite an aggregator or a blog, and why: each one's publisher or note
#: must say so ("aggregator" or "secondary"). A new aggregator citation fails until it is both
#: listed here and labelled; one replaced by its primary must be removed from here.
ALLOWED_AGGREGATORS = {
    "l4_deploybase_gpt41": "GPT-4.1 and mini prices: OpenAI's model pages not in the copies searched",
    "l4_willison_gpt41": "dates the GPT-4.1 launch (blog)",
    "l4_aiwiki_o3pro": "o3 launch price and its cut: OpenAI's pages not in the copies searched",
    "l4_openai_gpt5": "GPT-5 and mini prices and GPQA: notes on OpenAI's announcement (blog)",
    "l4_willison_claude4": "dates Claude Opus 4 / Sonnet 4 (blog); prices also on Anthropic's page",
    "l4_aitldr_flash8b": "Gemini 1.5 Flash-8B launch: no Google page in the copies searched",
    "l4_aiwiki_gemini25flash": "Gemini 2.5 Flash GA price: no Google page in the copies searched",
    "l4_deploybase_gemini25": "Gemini 2.5 Pro price: no Google page in the copies searched",
    "l4_anttisahla_gemini3pro": "Gemini 3 Pro preview price: no Google page in the copies searched",
    "l4_factquire_gemini3flash": "Gemini 3 Flash preview price (quotes Google's page)",
    "l4_benchlm_deepseek": "DeepSeek's 29 Sept 2025 cut: its news page not in the copies searched",
    "l4_google_io_2026": "Google I/O 2026 token volume: Google's page not in the copies searched",
    "l4_google_io_2025": "Google I/O 2025 token volume: Google's page text not in the copies searched",
    "l4_alphabet_q2_2025": "Alphabet Q2 2025 token volume: remarks not in the copies searched",
    "l4_alphabet_q3_2025": "Alphabet Q3 2025 token volume: remarks not in the copies searched",
    "l4_information_compute_margin": "The Information is paywalled; read through a full repost",
    "l4_aimultiple_gpu_index": "its own cross-provider median of list prices (the index is the source)",
    "klockwood_gpus": "secondary cross-check of NVIDIA's datasheets; GB200 figures",
}

# Entries that replaced an aggregator citation with the primary page (issue 15); they must not
# drift back. Their old aggregator hosts are in AGGREGATOR_HOSTS, so a revert would fail above.
PRIMARY_REPLACEMENTS = {
    "l4_deepseek_pricing": "api-docs.deepseek.com",
    "l4_anthropic_haiku45": "platform.claude.com",
    "l4_anthropic_sonnet45": "platform.claude.com",
    "l4_anthropic_sonnet46": "platform.claude.com",
    "l4_anthropic_opus45": "platform.claude.com",
    "l4_openai_gpt41_nano_model": "developers.openai.com",
    "l4_openai_gpt5_nano_model": "developers.openai.com",
}


def _host(url: str) -> str:
    from urllib.parse import urlparse

    return (urlparse(url).hostname or "").lower()


def _is_aggregator(url: str) -> bool:
    host = _host(url)
    return any(host == h or host.endswith("." + h) for h in AGGREGATOR_HOSTS)


def test_aggregator_citations_are_listed_and_labelled():
    refs = references()
    problems = []
    for key, ref in sorted(refs.items()):
        if not _is_aggregator(ref.url):
            continue
        label = f"{ref.publisher} {ref.note}".lower()
        if key not in ALLOWED_AGGREGATORS:
            problems.append(f"{key} cites an aggregator or blog ({_host(ref.url)}): cite the primary, or list it")
        elif "aggregator" not in label and "secondary" not in label:
            problems.append(f"{key}: say in publisher or note that {_host(ref.url)} is an aggregator / secondary")
    for key in ALLOWED_AGGREGATORS:
        if key not in refs:
            problems.append(f"ALLOWED_AGGREGATORS lists {key}, which is not a reference any more")
        elif not _is_aggregator(refs[key].url):
            problems.append(f"{key} now cites {_host(refs[key].url)}: remove it from ALLOWED_AGGREGATORS")
    for key, host in PRIMARY_REPLACEMENTS.items():
        assert key in refs and _host(refs[key].url) == host, f"{key} should cite the primary on {host}"
    assert not problems, "\n".join(problems)


def test_data_rows_cite_aggregators_only_through_allowed_entries():
    """A data row's source (a URL in a source_url column, or a reference key) on an aggregator
    must be one of the allowed, labelled entries."""
    import csv

    refs = references()
    by_url = {ref.url: key for key, ref in refs.items()}
    problems = []
    for path in sorted(DATA_DIR.rglob("*.csv")):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
        for row in csv.DictReader(lines):
            for column, value in row.items():
                value = (value or "").strip()
                if not column or not value:
                    continue
                if value.startswith("http") and _is_aggregator(value):
                    key = by_url.get(value)
                    if key not in ALLOWED_AGGREGATORS:
                        problems.append(f"{path.name}: {column} = {value} is an aggregator not allowed")
                elif value in refs and _is_aggregator(refs[value].url) and value not in ALLOWED_AGGREGATORS:
                    problems.append(f"{path.name}: {column} = {value} cites an aggregator not allowed")
    assert not problems, "\n".join(problems)
