"""Speed of the gloss engine: sentences per second, cold and warm.

Usage: python bench/gloss_speed.py [--db PATH] [--set DIR]

Three passes in one process, the engine alone (GlossEngine.translate: no
translation cache, no enforcement):

- cold: bench/devset right after the process starts, loading the tagger,
  lemminflect and the Ding index on the way;
- new text: the sentences of --set (default bench/real/dev), never seen by
  the process;
- warm: the same sentences again with the per-sentence caches (tagger,
  constructions) emptied, so each is analysed anew while the word caches
  (the tagger's word analyses, dictionary lookups) are warm, as in an app
  that has been running a while.

Each pass is timed by the clock and by this process's CPU time: on a shared
machine the CPU figure says what the code costs, the clock what a reader waits.
Not a test.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "bench"))

from gloss_quality import DEFAULT_DB, DEVSET, load_devset  # noqa: E402

REAL_DEV = REPO_ROOT / "bench" / "real" / "dev"


def sentences_of(folder: Path) -> list[str]:
    from lesepult.segment import split_sentences

    return [sentence for rows in load_devset(folder).values() for row in rows for sentence in split_sentences(row.de)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="Ding index (default: data/ding.sqlite)")
    parser.add_argument("--set", type=Path, default=REAL_DEV, dest="folder", metavar="DIR")
    args = parser.parse_args()
    sentences, warm_up = sentences_of(args.folder), sentences_of(DEVSET)

    started = _clocks()
    from lesepult.dictionary import Dictionary
    from lesepult.dictionary.context import constructions_of
    from lesepult.tagging import tag
    from lesepult.translation import GlossEngine

    engine = GlossEngine(Dictionary(args.db))
    engine.translate(warm_up)
    _report("cold (devset, loading included)", len(warm_up), started)

    started = _clocks()
    engine.translate(sentences)
    _report(f"new text ({len(sentences)} sentences of {args.folder.name})", len(sentences), started)

    tag.cache_clear()
    constructions_of.cache_clear()
    started = _clocks()
    engine.translate(sentences)
    _report("warm (the same, analysed anew)", len(sentences), started)


def _clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _report(label: str, count: int, started: tuple[float, float]) -> None:
    wall, cpu = (now - then for now, then in zip(_clocks(), started))
    print(f"{label:<42} {wall:7.2f} s {count / wall:7.1f} sentences/s   CPU {cpu:7.2f} s {count / cpu:7.1f} sentences/s")

if __name__ == "__main__":
    main()
