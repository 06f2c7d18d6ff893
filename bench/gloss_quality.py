"""Quality of the word-by-word gloss on the development set: chrF and BLEU before and now.

Usage: python bench/gloss_quality.py [--set DIR] [--write-baseline] [--worst N] [--db PATH]

The development set is bench/devset/<slug>.tsv (paragraph, de, en: one German
sentence per row with a human reference translation; see bench/devset/README.md).
`--set bench/heldout` scores the held-out set instead: texts written the same way
but never used to tune the gloss (bench/heldout/README.md). `--set bench/real/dev`
(and, once, bench/real/heldout) scores published German news with their
professional English translations (WMT21, bench/real/README.md): a real set has
no separable-verb oracle, and a row may hold several sentences, translated as
the app translates a paragraph (split by the segmenter, glossed, joined).
The lesepult package is the one on PYTHONPATH, so the same script measures
another checkout's code: `cd ../main && PYTHONPATH=$PWD python <this file> --set …`.
Every German sentence is translated by `gloss_pipeline()`: the gloss exactly as
the app shows it (GlossEngine over the Ding index, then glossary enforcement
with the curated glossary, as in lesepult.reading.translate_sentences). The
recorded output of an earlier version, <set>/baseline-gloss.tsv, is the
"before"; `--write-baseline` records the current output there.

Printed: corpus chrF (sacrebleu CHRF(): chrF2, character 6-grams), chrF++
(CHRF(word_order=2)) and BLEU (sacrebleu BLEU(): 13a tokenisation, 4-grams) per text and overall, before / now / difference; then two
checks of the output: (a) glossary terms found in the German whose English
rendering (term.en or its plural) is in the English, and (b) entities found in
the German (lesepult.entities.find_entities, as the app does) whose name, or
its English form from bench/devset/entity-english.tsv, is in the English.
The same checks on the reference translations give their ceiling. Not a test.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sacrebleu.metrics import BLEU, CHRF

from lesepult.documents import Paragraph, Sentence, segment_text
from lesepult.glossary import Glossary, Term, load_terms, plural_rendering

try:
    from lesepult.glossary import rendering_forms
except ImportError:   # an older checkout measured as the "before": renderings in both numbers only
    def rendering_forms(term: Term) -> tuple[str, ...]:
        return term.en, plural_rendering(term)
from lesepult.segment import split_sentences

REPO_ROOT = Path(__file__).resolve().parents[1]

DEVSET = REPO_ROOT / "bench" / "devset"
HELDOUT = REPO_ROOT / "bench" / "heldout"
SEPARABLE_SAMPLE = DEVSET / "separable-sample.tsv"
# In every set: the separable-verb oracle, the recorded "before" and the English names.
SEPARABLE = "separable.tsv"
BASELINE = "baseline-gloss.tsv"
ENTITY_ENGLISH = "entity-english.tsv"
TEXT_HEADER = ["paragraph", "de", "en"]
DEFAULT_DB = REPO_ROOT / "data" / "ding.sqlite"
SAMPLE_PATH = REPO_ROOT / "lesepult" / "data" / "sample" / "handelsblatt-syrien-2016.txt"

Translate = Callable[[list[str]], list[str]]


# ---------------------------------------------------------------- the pipeline under test

def load_glossary() -> Glossary:
    from lesepult.glossary.glossaries import CURATED_TERMS   # the glossary of the code under test

    return Glossary(load_terms(CURATED_TERMS))


def gloss_pipeline(db_path: Path = DEFAULT_DB) -> Translate:
    """translate(German sentences) -> English, exactly as the reader shows the gloss.

    The app's own path: lesepult.reading.translate_sentences (cache, engine,
    glossary enforcement) on a throwaway SQLite file.
    """
    import tempfile

    from lesepult import storage
    from lesepult.dictionary import Dictionary
    from lesepult.reading import translate_sentences
    from lesepult.translation import GlossEngine

    engine = GlossEngine(Dictionary(db_path))
    glossary = load_glossary()
    db = storage.connect(Path(tempfile.mkdtemp(prefix="gloss-bench-")) / "bench.sqlite")
    storage.init_schema(db)

    def translate(german: list[str]) -> list[str]:
        # A row the segmenter cuts (only in a real set) is glossed sentence by sentence, then joined.
        pieces = [split_sentences(de) or [de] for de in german]
        sentences = [Sentence(0, piece) for row in pieces for piece in row]
        translate_sentences(db, engine, sentences, glossary)
        english = iter(s.en if s.error is None else "" for s in sentences)
        return [" ".join(next(english) for _ in row) for row in pieces]

    return translate


# ---------------------------------------------------------------- the development set

@dataclass(frozen=True)
class Row:
    slug: str
    paragraph: int
    index: int      # 0-based row index within the text's file
    de: str
    en: str


def read_tsv(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], [row for row in rows[1:] if row]


def text_files(folder: Path) -> list[Path]:
    return [path for path in sorted(folder.glob("*.tsv")) if read_tsv(path)[0] == TEXT_HEADER]


def load_devset(folder: Path = DEVSET) -> dict[str, list[Row]]:
    texts: dict[str, list[Row]] = {}
    for path in text_files(folder):
        _, rows = read_tsv(path)
        texts[path.stem] = [Row(path.stem, int(p), i, de, en) for i, (p, de, en) in enumerate(rows)]
    return texts


def is_real_set(folder: Path) -> bool:
    """A set of published texts: no separable-verb oracle, rows as the source's lines."""
    return not (folder / SEPARABLE).exists()


def validate(texts: dict[str, list[Row]], folder: Path = DEVSET) -> list[str]:
    """Problems with the set's format and oracles (empty when all is well)."""
    if is_real_set(folder):
        return [f"{slug} row {row.index}: empty field" for slug, rows in texts.items()
                for row in rows if not row.de.strip() or not row.en.strip()]
    problems = []
    for slug, rows in texts.items():
        paragraphs: dict[int, list[str]] = {}
        for row in rows:
            if not row.de.strip() or not row.en.strip():
                problems.append(f"{slug} row {row.index}: empty field")
            if split_sentences(row.de) != [row.de]:
                problems.append(f"{slug} row {row.index}: not one sentence for the segmenter: {row.de}")
            paragraphs.setdefault(row.paragraph, []).append(row.de)
        if sorted(paragraphs) != list(range(len(paragraphs))) or \
                [row.paragraph for row in rows] != sorted(row.paragraph for row in rows):
            problems.append(f"{slug}: paragraphs must be numbered 0, 1, 2 ... in order")
        for index, sentences in paragraphs.items():
            if split_sentences(" ".join(sentences)) != sentences:
                problems.append(f"{slug} paragraph {index}: the segmenter cuts the paragraph differently")
    _, separable = read_tsv(folder / SEPARABLE)
    for slug, paragraph, index, verb, particle, lemma in separable:
        rows = texts.get(slug, [])
        row = rows[int(index)] if int(index) < len(rows) else None
        if row is None or row.paragraph != int(paragraph) or not _has_words(row.de, verb, particle):
            problems.append(f"separable.tsv: {slug} {paragraph} {index} {verb} {particle}: no such sentence")
    sample = segment_text(SAMPLE_PATH.read_text(encoding="utf-8"))
    _, separable = read_tsv(SEPARABLE_SAMPLE)
    for paragraph, index, verb, particle, lemma in separable:
        sentences = sample[int(paragraph)][1] if int(paragraph) < len(sample) else []
        if int(index) >= len(sentences) or not _has_words(sentences[int(index)], verb, particle):
            problems.append(f"separable-sample.tsv: {paragraph} {index} {verb} {particle}: no such sentence")
    return problems


def _has_words(text: str, *words: str) -> bool:
    return all(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) for word in words)


# ---------------------------------------------------------------- baseline

def load_baseline(folder: Path) -> dict[tuple[str, int, str], str]:
    if not (folder / BASELINE).exists():
        return {}
    _, rows = read_tsv(folder / BASELINE)
    return {(slug, int(paragraph), de): en for slug, paragraph, de, en in rows}


def write_baseline(folder: Path, texts: dict[str, list[Row]], now: dict[str, list[str]]) -> None:
    lines = ["slug\tparagraph\tde\ten"]
    for slug, rows in texts.items():
        for row, english in zip(rows, now[slug]):
            if "\t" in english or "\n" in english:
                raise ValueError(f"{slug} row {row.index}: tab or newline in the output")
            lines.append(f"{slug}\t{row.paragraph}\t{row.de}\t{english}")
    (folder / BASELINE).write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- scores

CHRF2 = CHRF()
CHRF_PP = CHRF(word_order=2)
BLEU4 = BLEU()
METRICS = (("chrF", CHRF2), ("chrF++", CHRF_PP), ("BLEU", BLEU4))


def corpus(metric: CHRF | BLEU, hypotheses: list[str] | None, references: list[str]) -> float | None:
    if hypotheses is None:
        return None
    return metric.corpus_score(hypotheses, [references]).score


def fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:+.2f}" if signed else f"{value:.2f}"


def difference(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def score_table(texts: dict[str, list[Row]], before: dict[str, list[str] | None],
                now: dict[str, list[str]]) -> None:
    head = f"{'text':<30} {'sent':>4}" + "".join(
        f"  {name + ' before':>13} {'now':>6} {'diff':>6}" for name, _ in METRICS)
    print(head)
    print("-" * len(head))
    groups = [(slug, [slug]) for slug in texts] + [("ALL (corpus)", list(texts))]
    for label, slugs in groups:
        references = [row.en for slug in slugs for row in texts[slug]]
        hypotheses_now = [en for slug in slugs for en in now[slug]]
        hypotheses_before = None
        if all(before[slug] is not None for slug in slugs):
            hypotheses_before = [en for slug in slugs for en in before[slug]]
        cells = []
        for _, metric in METRICS:
            b, n = corpus(metric, hypotheses_before, references), corpus(metric, hypotheses_now, references)
            cells.append((b, n, difference(n, b)))
        if label.startswith("ALL"):
            print("-" * len(head))
        print(f"{label:<30} {len(references):>4}" + "".join(
            f"  {fmt(b):>13} {fmt(n):>6} {fmt(d, True):>6}" for b, n, d in cells))


# ---------------------------------------------------------------- check (a): glossary terms

def _phrase_pattern(phrases: list[str], ignore_case: bool) -> re.Pattern[str]:
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE if ignore_case else 0)


def term_present(term: Term, english: str) -> bool:
    """The rendering in either number, or a verb's in any form ("called for" for "call for")."""
    return bool(_phrase_pattern(list(rendering_forms(term)), ignore_case=True).search(english))


def glossary_check(glossary: Glossary, rows: list[Row], english: list[str]) -> tuple[int, int, Counter]:
    found = total = 0
    missed: Counter = Counter()
    for row, en in zip(rows, english):
        for occurrence in glossary.find(row.de):
            total += 1
            if term_present(occurrence.term, en):
                found += 1
            else:
                missed[f"{occurrence.surface} -> {occurrence.term.en}"] += 1
    return found, total, missed


# ---------------------------------------------------------------- check (b): entities

def load_entity_english(folder: Path = DEVSET) -> dict[str, list[str]]:
    if not (folder / ENTITY_ENGLISH).exists():
        return {}   # a real set lists no English names: the German name counts
    _, rows = read_tsv(folder / ENTITY_ENGLISH)
    return {name: [form for form in forms.split("|") if form] for name, forms in rows}


def as_paragraphs(rows: list[Row]) -> list[Paragraph]:
    paragraphs: dict[int, list[Sentence]] = {}
    for row in rows:
        paragraphs.setdefault(row.paragraph, []).append(Sentence(row.index, row.de))
    return [Paragraph(i, "body", s) for i, s in sorted(paragraphs.items())]


def entity_forms(name: str, kind: str, english: dict[str, list[str]]) -> list[str]:
    """What counts as the name in English: its English forms where known, else the name itself.
    People also count as written (the issue's rule: names stay as written; "Lawrow" as well as
    "Lavrov") and by the surname alone."""
    forms = list(english.get(name) or [name])
    if kind == "person":
        forms = [*forms, name]
        forms += [form.split()[-1] for form in forms if " " in form]
    return forms


def entity_mentions(glossary: Glossary, texts: dict[str, list[Row]]):
    """(slug, row index, entity name, kind) for every sentence in which the app finds an entity."""
    from lesepult.entities import find_entities

    mentions = []
    for slug, rows in texts.items():
        by_place = {(row.paragraph, i): row for row, i in _positions(rows)}
        for entity in find_entities(as_paragraphs(rows), glossary):
            for place in entity.occurrences:
                mentions.append((slug, by_place[place].index, entity.name, entity.kind))
    return sorted(mentions, key=lambda m: (list(texts).index(m[0]), m[1], m[2]))


def _positions(rows: list[Row]):
    counts: Counter = Counter()
    for row in rows:
        yield row, counts[row.paragraph]
        counts[row.paragraph] += 1


def entity_check(mentions, english_names: dict[str, list[str]], output: dict[str, list[str]]):
    found = 0
    missed: Counter = Counter()
    for slug, index, name, kind in mentions:
        pattern = _phrase_pattern(entity_forms(name, kind, english_names), ignore_case=False)
        if pattern.search(output[slug][index]):
            found += 1
        else:
            missed[name] += 1
    return found, len(mentions), missed


def share(found: int, total: int) -> str:
    return f"{found}/{total} = {100 * found / total:.1f}%" if total else "n/a"


# ---------------------------------------------------------------- main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="Ding index (default: data/ding.sqlite)")
    parser.add_argument("--set", type=Path, default=DEVSET, dest="folder", metavar="DIR",
                        help="the texts to score (default bench/devset; bench/heldout: the held-out set)")
    parser.add_argument("--write-baseline", action="store_true",
                        help="record the current output as DIR/baseline-gloss.tsv")
    parser.add_argument("--worst", type=int, default=10, metavar="N",
                        help="show the N sentences with the lowest chrF now (default 10; 0: none)")
    args = parser.parse_args()

    folder = args.folder.resolve()
    texts = load_devset(folder)
    problems = validate(texts, folder)
    if problems:
        print("The set has problems:", *problems, sep="\n  ", file=sys.stderr)
        sys.exit(1)

    translate = gloss_pipeline(args.db)
    now = {slug: translate([row.de for row in rows]) for slug, rows in texts.items()}
    if args.write_baseline:
        write_baseline(folder, texts, now)
        print(f"wrote {folder / BASELINE}")
    recorded = load_baseline(folder)
    before: dict[str, list[str] | None] = {}
    for slug, rows in texts.items():
        outputs = [recorded.get((slug, row.paragraph, row.de)) for row in rows]
        before[slug] = None if None in outputs else outputs
        if before[slug] is None:
            print(f"note: the baseline lacks sentences of {slug}; 'before' is n/a (run --write-baseline)")
    references = {slug: [row.en for row in rows] for slug, rows in texts.items()}

    words = sum(len(row.de.split()) for rows in texts.values() for row in rows)
    sentences = sum(len(rows) for rows in texts.values())
    print(f"Gloss quality on {folder.parent.name}/{folder.name}: {len(texts)} texts, {sentences} sentences, {words} German words\n")
    score_table(texts, before, now)
    for name, metric in METRICS:
        print(f"{name}: sacrebleu {metric.get_signature()}")

    glossary = load_glossary()
    all_rows = [row for rows in texts.values() for row in rows]

    def flat(outputs: dict[str, list[str]]) -> list[str]:
        return [en for slug in texts for en in outputs[slug]]

    print("\n(a) glossary terms found in the German whose rendering (en or plural) is in the English")
    results = {}
    for label, outputs in (("now", now), ("before", before), ("reference", references)):
        if any(value is None for value in outputs.values()):
            print(f"  {label:<10} n/a")
            continue
        results[label] = glossary_check(glossary, all_rows, flat(outputs))
        print(f"  {label:<10} {share(*results[label][:2])}")
    print("  most frequent misses now:", ", ".join(f"{k} ({v})" for k, v in results["now"][2].most_common(12)))
    print("  misses in the reference (false finds, or renderings a translator did not use):",
          ", ".join(f"{k} ({v})" for k, v in results["reference"][2].most_common()))

    print("\n(b) entities found in the German (find_entities) whose name or English form is in the English")
    english_names = load_entity_english(folder)
    mentions = entity_mentions(glossary, texts)
    entity_results = {}
    for label, outputs in (("now", now), ("before", before), ("reference", references)):
        if any(value is None for value in outputs.values()):
            print(f"  {label:<10} n/a")
            continue
        entity_results[label] = entity_check(mentions, english_names, outputs)
        print(f"  {label:<10} {share(*entity_results[label][:2])}")
    print("  most frequent misses now:", ", ".join(f"{k} ({v})" for k, v in entity_results["now"][2].most_common(12)))
    print("  misses in the reference:",
          ", ".join(f"{k} ({v})" for k, v in entity_results["reference"][2].most_common()))
    unmapped = sorted({name for _, _, name, _ in mentions if name not in english_names})
    if unmapped:
        more = f" and {len(unmapped) - 40} more" if len(unmapped) > 40 else ""
        print("  (no English form listed, the German name counts:", ", ".join(unmapped[:40]) + more + ")")

    if args.worst > 0:
        print(f"\nThe {args.worst} sentences with the lowest chrF now:")
        scored = []
        for slug, rows in texts.items():
            for row, english in zip(rows, now[slug]):
                scored.append((CHRF2.sentence_score(english, [row.en]).score, row, english))
        for score, row, english in sorted(scored, key=lambda item: item[0])[:args.worst]:
            print(f"\n  [{row.slug} #{row.index}] chrF {score:.1f}")
            print(f"    de:  {row.de}")
            print(f"    now: {english}")
            print(f"    ref: {row.en}")


if __name__ == "__main__":
    main()
