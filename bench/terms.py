"""Benchmark glossary term finding on a 50,000-word German text.

Usage: python bench/terms.py [--words N] [--glossary PATH]

The text repeats the sample article's sentences, shuffled with a fixed seed.
The glossary is the shipped lesepult/data/glossary.tsv, or the test fixture
when that file does not exist yet. Prints the time to build the Glossary and
to find all terms (best of 3) and the number of occurrences found.
"""
from __future__ import annotations

import argparse
import importlib.util
import random
import re
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent

from lesepult.glossary import Glossary, Term, load_terms

SAMPLE = ROOT / "lesepult" / "data" / "sample" / "handelsblatt-syrien-2016.txt"
SHIPPED = ROOT / "lesepult" / "data" / "glossary.tsv"
SEED = 2016
REPEATS = 3


def long_text(words: int) -> str:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", SAMPLE.read_text(encoding="utf-8")) if s.strip()]
    rng = random.Random(SEED)
    chosen: list[str] = []
    count = 0
    while count < words:
        batch = sentences[:]
        rng.shuffle(batch)
        for sentence in batch:
            chosen.append(sentence)
            count += len(sentence.split())
            if count >= words:
                break
    return " ".join(chosen)


def glossary_terms(path: Path | None) -> tuple[list[Term], str]:
    if path is None and SHIPPED.exists():
        path = SHIPPED
    if path is not None:
        return load_terms(path), str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    # The shipped file is written separately; until it exists, use the test fixture.
    fixture_module = _load_module(ROOT / "tests" / "unit" / "test_glossary.py")
    with tempfile.TemporaryDirectory() as directory:
        fixture = Path(directory) / "fixture.tsv"
        fixture_module.write_tsv(fixture, fixture_module.FIXTURE_ROWS)
        return load_terms(fixture), "test fixture (tests/test_glossary.py)"


def _load_module(path: Path) -> ModuleType:
    # By path: site-packages may hold an unrelated top-level "tests" package.
    spec = importlib.util.spec_from_file_location("glossary_fixture", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_of(repeats: int, action) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--glossary", type=Path)
    args = parser.parse_args()
    terms, source = glossary_terms(args.glossary)
    text = long_text(args.words)
    build_seconds, glossary = best_of(REPEATS, lambda: Glossary(terms))
    find_seconds, occurrences = best_of(REPEATS, lambda: glossary.find(text))
    print(f"glossary: {source}, {len(glossary.terms)} terms")
    print(f"text: {len(text.split()):,} words, {len(text):,} characters")
    print(f"construct Glossary: {build_seconds * 1000:.1f} ms (best of {REPEATS})")
    print(f"find all terms:     {find_seconds * 1000:.1f} ms (best of {REPEATS})")
    print(f"occurrences: {len(occurrences):,}, distinct terms: {len({o.term.de for o in occurrences})}")


if __name__ == "__main__":
    main()
