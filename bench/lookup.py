"""Benchmark of the dictionary index: build time, size, lookup and gloss latency.

Usage: python bench/lookup.py [--db PATH] [--ding PATH]

Without --db the index is built into a temporary directory from the Ding file
(data/ding/usr/share/trans/de-en below the repository root).  The word list is
the sample article's words, synthetic inflections of its nouns (-s, -en) and
noun+noun compounds, about 2,000 words.  Not a test.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

from lesepult.dictionary import Dictionary, build_index

DEFAULT_DING = REPO_ROOT / "data" / "ding" / "usr" / "share" / "trans" / "de-en"
SAMPLE_ARTICLE = REPO_ROOT / "lesepult" / "data" / "sample" / "handelsblatt-syrien-2016.txt"
WORD_COUNT = 2000
EXTRA_WORDS = [
    "telefoniert", "kündigte", "schweren", "eingeschlossenen", "Luftangriffen", "Diplomatenkreisen",
    "Resolutionsentwurf", "Wasserversorgung", "Telefongespräch", "Menschenrechte", "UN-Sicherheitsrat",
    "Syrien-Gespräche", "Aussenminister", "Entwürfe", "Feuerpause", "Waffenstillstandsverhandlungen",
]


def benchmark_words() -> list[str]:
    article = re.findall(r"\w+(?:-\w+)*", SAMPLE_ARTICLE.read_text(encoding="utf-8"))
    nouns = list(dict.fromkeys(word for word in article if word[:1].isupper() and len(word) > 3))
    inflected = [noun + ending for noun in nouns for ending in ("s", "en")]
    compounds = [first + second.lower() for first in nouns[:40] for second in nouns[:40] if first != second]
    words = article + EXTRA_WORDS + inflected + compounds
    return words[:WORD_COUNT]


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return f"p50 {cut[49]:.2f}  p90 {cut[89]:.2f}  p99 {cut[98]:.2f}  max {ordered[-1]:.2f} ms  (n={len(ordered)})"


def timed(function, words: list[str]) -> list[float]:
    samples = []
    for word in words:
        start = time.perf_counter()
        function(word)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def run(db_path: Path) -> None:
    print(f"index size: {db_path.stat().st_size / 1e6:.1f} MB")
    words = benchmark_words()
    dictionary = Dictionary(db_path)
    print(f"version: {dictionary.version}; {len(words)} words, {len(set(words))} distinct")
    start = time.perf_counter()
    dictionary.lookup("Häusern")  # not a headword: loads simplemma's German data once
    print(f"first lookup (loads lemmatizer data): {(time.perf_counter() - start) * 1000:.0f} ms")
    print("lookup cold: ", percentiles(timed(dictionary.lookup, words)))
    print("lookup warm: ", percentiles(timed(dictionary.lookup, words)))
    print("gloss cold:  ", percentiles(timed(dictionary.gloss, words)))
    print("gloss warm:  ", percentiles(timed(dictionary.gloss, words)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="existing index (default: build one into a temp dir)")
    parser.add_argument("--ding", type=Path, default=DEFAULT_DING, help="Ding de-en file to build from")
    args = parser.parse_args()
    if args.db:
        run(args.db)
        return
    with tempfile.TemporaryDirectory() as directory:
        db_path = Path(directory) / "ding.sqlite"
        start = time.perf_counter()
        count = build_index(args.ding, db_path)
        print(f"build: {count} entries in {time.perf_counter() - start:.1f} s")
        run(db_path)


if __name__ == "__main__":
    main()
