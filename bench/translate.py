"""Translation throughput: the app's Argos engine against raw CTranslate2 and plain Argos.

Run as ``python bench/translate.py``. It builds a synthetic Argos de→en
package of the real model's size (Transformer base, 6+6 layers, 32k shared
vocabulary, int8; random weights, see tests/argos_package.py), installs it
into a private ARGOS_PACKAGES_DIR, and translates the sample article:

 (a) ``lesepult.translation.ArgosEngine.translate`` on all sentences of the article;
 (b) ``ctranslate2.Translator.translate_batch`` on the same tokens, same options,
     same translator: the upper limit for (a);
 (c) ``argostranslate.translate.translate(paragraph, "de", "en")`` per paragraph;
 (d) a fresh process importing the engine, loading the model and translating
     the first paragraph (cold start; the OS file cache is warm from the build).

(a)-(c) run once to warm up, then three times, interleaved; the best run counts. Speed is
target tokens (output tokens of the returned hypothesis) per second.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.mkdtemp(prefix="lesepult-bench-"))
# argostranslate reads these when first imported, and creates the folders.
os.environ["ARGOS_PACKAGES_DIR"] = str(WORK / "packages")
for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[variable] = str(WORK / variable.lower())
# Argos's default sentence splitter is MiniSBD, whose ONNX model is downloaded
# on first use; Stanza downloads its models too. SPACY works offline with a
# pipeline shipped in the package (add_spacy_sentencizer: spaCy's rule-based
# sentencizer on a blank German pipeline, no weights). It is cheaper than
# MiniSBD, so (c) is, if anything, measured faster than plain Argos really is.
os.environ["ARGOS_CHUNK_TYPE"] = "SPACY"
# The synthetic-package builder is test support (tests/support), not part of the package.
sys.path.insert(0, str(ROOT / "tests"))

from support.argos_package import BASE, add_spacy_sentencizer, build_argos_package  # noqa: E402

SAMPLE = ROOT / "lesepult" / "data" / "sample" / "handelsblatt-syrien-2016.txt"
RUNS = 3


def read_article(text: str) -> list[tuple[str, str, list[str]]]:
    """The article as the app reads it: (kind, text, sentences) per cleaned block."""
    from lesepult.cleaning import clean_article
    from lesepult.segment import split_sentences

    return [(block.kind, block.text, split_sentences(block.text))
            for block in clean_article(text, None).blocks]


class CountingTranslator:
    """Delegates to a ctranslate2.Translator and counts the target tokens it returns."""

    def __init__(self, translator):
        self.translator = translator
        self.tokens = 0

    def translate_batch(self, *args, **kwargs):
        results = self.translator.translate_batch(*args, **kwargs)
        self.tokens += sum(len(result.hypotheses[0]) for result in results)
        return results


def measure(runs: dict[str, Callable[[], int]]) -> dict[str, tuple[float, int]]:
    """(seconds, target tokens) of each run's fastest of RUNS rounds, after a warm-up round.

    Rounds interleave the pipelines so that load from other processes on the
    machine hits them alike. A run returns the target tokens it produced.
    """
    timings: dict[str, list[tuple[float, int]]] = {name: [] for name in runs}
    for round_number in range(RUNS + 1):
        for name, run in runs.items():
            start = time.perf_counter()
            tokens = run()
            if round_number:
                timings[name].append((time.perf_counter() - start, tokens))
    return {name: min(results) for name, results in timings.items()}


def engine_run(engine, sentences: list[str]) -> Callable[[], int]:
    counter = CountingTranslator(engine.translator)
    engine.translator = counter

    def run() -> int:
        counter.tokens = 0
        translations = engine.translate(sentences)
        assert not [t.error for t in translations if t.error], "the engine reported errors"
        return counter.tokens

    return run


def ctranslate2_run(translator, tokenizer, options: dict, sentences: list[str]) -> Callable[[], int]:
    tokens = [tokenizer.encode(sentence, out_type=str) for sentence in sentences]

    def run() -> int:
        results = translator.translate_batch(tokens, **options)
        return sum(len(result.hypotheses[0]) for result in results)

    return run


def keep_argos_offline() -> None:
    """Stop argostranslate.sbd from fetching spaCy's multilingual model at import.

    With ARGOS_CHUNK_TYPE=SPACY that import (which install_from_path triggers)
    downloads xx_sent_ud_sm as a fallback; the package ships its own pipeline,
    so the fallback is never used.
    """
    from argostranslate import networking

    networking.cache_spacy = lambda: None


def argos_run(paragraphs: list[str]) -> Callable[[], int]:
    import argostranslate.translate as argos

    argos.translate(paragraphs[0], "de", "en")  # creates the translator lazily
    package_translation = argos.get_translation_from_codes("de", "en").underlying
    counter = CountingTranslator(package_translation.translator)
    package_translation.translator = counter

    def run() -> int:
        counter.tokens = 0
        for paragraph in paragraphs:
            argos.translate(paragraph, "de", "en")
        return counter.tokens

    return run


COLD_START = """
import json, sys, time
start = time.perf_counter()
from lesepult.translation import ArgosEngine
imported = time.perf_counter()
engine = ArgosEngine.find_installed()
loaded = time.perf_counter()
translations = engine.translate(json.loads(sys.stdin.read()))
done = time.perf_counter()
assert all(t.text and t.error is None for t in translations)
print(json.dumps({"import": imported - start, "load": loaded - imported, "translate": done - loaded}))
"""


def bench_cold_start(first_paragraph: list[str]) -> tuple[float, dict]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", COLD_START], input=json.dumps(first_paragraph),
                            capture_output=True, text=True, check=True, cwd=ROOT,
                            env=dict(os.environ))
    return time.perf_counter() - start, json.loads(result.stdout.strip().splitlines()[-1])


def install_package() -> None:
    from argostranslate import package

    archive = build_argos_package(WORK / "build", BASE)
    add_spacy_sentencizer(archive)
    package.install_from_path(archive)


def main() -> None:
    keep_argos_offline()
    start = time.perf_counter()
    install_package()
    print(f"built and installed a BASE-size package in {time.perf_counter() - start:.1f} s", flush=True)
    from lesepult.translation import ArgosEngine

    document = read_article(SAMPLE.read_text(encoding="utf-8"))
    sentences = [sentence for _, _, block_sentences in document for sentence in block_sentences]
    engine = ArgosEngine.find_installed()
    source_tokens = sum(len(engine.tokenizer.encode(s)) for s in sentences)
    print(f"{SAMPLE.name}: {len(document)} paragraphs, {len(sentences)} sentences, "
          f"{source_tokens} source tokens; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
          f"\nengine options {engine.options}")

    raw = ctranslate2_run(engine.translator, engine.tokenizer, engine.options, sentences)
    results = measure({
        "(a) lesepult ArgosEngine": engine_run(engine, sentences),
        "(b) ctranslate2 translate_batch": raw,
        "(c) argostranslate per paragraph": argos_run([text for _, text, _ in document]),
    })
    print(f"\n{'pipeline':34} {'best s':>8} {'tokens':>7} {'tokens/s':>9}")
    for name, (seconds, tokens) in results.items():
        print(f"{name:34} {seconds:8.3f} {tokens:7d} {tokens / seconds:9.1f}")
    speed = {name[:3]: tokens / seconds for name, (seconds, tokens) in results.items()}
    print(f"\n(a)/(b) = {speed['(a)'] / speed['(b)']:.2f}   (goal ≥ 0.9)")
    print(f"(a)/(c) = {speed['(a)'] / speed['(c)']:.2f}   (goal ≥ 2)")

    # The first paragraph of running text: headings and kickers are one-liners.
    first_sentences = next(sentences for kind, _, sentences in document if kind in ("lead", "body"))
    wall, phases = bench_cold_start(first_sentences)
    print(f"\n(d) cold start to the first paragraph ({len(first_sentences)} sentences): {wall:.2f} s wall "
          f"(import {phases['import']:.2f} s, find+load {phases['load']:.2f} s, "
          f"translate {phases['translate']:.2f} s, rest is interpreter start-up)")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
