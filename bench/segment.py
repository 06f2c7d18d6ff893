"""Growth benchmark of sentence segmentation and the import path on huge and pathological texts.

Usage: python bench/segment.py [--limit SECONDS] [--repeat N] [--only NAME ...]

For each input two times are measured: `split_sentences` alone (on every
blank-line separated block of the raw input, which for the one-paragraph inputs
is the whole text), and the import path, `documents.prepare` followed by
`split_sentences` of every cleaned block.  The last columns divide each time by
the one of the ordinary 2 MB text (paragraphs of news prose), measured in the
same run: a linear implementation keeps pathological inputs within a small factor
of it (the goal is 5x).  Each measurement runs in its own process, so one that
exceeds --limit seconds is stopped and shown as "> limit".  Not a test.

The prose is the sample article's news paragraphs, repeated.
"""
from __future__ import annotations

import argparse
import functools
import multiprocessing
import re
import time
from pathlib import Path

from lesepult.documents import DocumentError, prepare
from lesepult.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = ROOT / "lesepult" / "data" / "sample" / "handelsblatt-syrien-2016.txt"
SIZE = 2_000_000  # "2 MB": the pastes the issue measured (the limit is now 10 million characters)
WRAP_WIDTH = 72


def _news_paragraphs() -> list[str]:
    """The sample's paragraphs of prose (the long blocks: no headline, buttons or footer)."""
    blocks = re.split(r"\n\s*\n", SAMPLE.read_text(encoding="utf-8"))
    return [" ".join(block.split()) for block in blocks if len(block) > 300 and "©" not in block]


def _repeat(unit: str, size: int, separator: str = " ") -> str:
    """`unit` repeated with `separator` up to `size` characters, cut back to a whole word."""
    text = separator.join([unit] * (size // (len(unit) + len(separator)) + 1))[:size]
    return text[:text.rfind(" ")] if len(text) == size and " " in text else text


def _wrap(text: str, width: int) -> str:
    """Greedy hard wrapping, as an e-mail program does (textwrap is slow on 2 MB)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


@functools.cache  # built once, before the measuring processes are forked
def inputs() -> dict[str, str]:
    paragraphs = _news_paragraphs()
    prose = " ".join(paragraphs)
    cases = {f"prose, one paragraph, {size // 1000:,}k": _repeat(prose, size)
             for size in (78_000, 156_000, 312_000, 624_000)}
    cases["prose, one paragraph, 2M"] = _repeat(prose, SIZE)
    cases['"Dr. " x 2M'] = ("Dr. " * (SIZE // 4)).strip()
    cases['"1. " x 2M'] = ("1. " * (SIZE // 3)).strip()
    cases['"„a“ " x 2M'] = ("„a“ " * (SIZE // 4)).strip()
    # Beyond the brief's list: a run of full stops without a space (the candidate regex
    # used to retry it from every dot) and one hard-wrapped paragraph (re-joined line by line).
    cases['"Ende" + "." x 2M'] = ("Ende" + "." * SIZE)[:SIZE]
    cases["prose, hard-wrapped at 72, 2M"] = _wrap(_repeat(prose, SIZE), WRAP_WIDTH)
    cases["ordinary 2M, in paragraphs"] = _repeat("\n\n".join(paragraphs), SIZE, "\n\n")
    return cases


REFERENCE = "ordinary 2M, in paragraphs"


def split_only(text: str) -> int:
    return sum(len(split_sentences(block)) for block in re.split(r"\n\s*\n", text))


def import_path(text: str) -> int:
    try:
        blocks = prepare(text).blocks
    except DocumentError:  # "1. 1. 1. ..." has no letters: it is all noise, and refused
        return 0
    return sum(len(split_sentences(block.text)) for block in blocks)


MEASURES = {"split": split_only, "import": import_path}


def _measure(name: str, measure: str, repeat: int, connection) -> None:
    text, action = inputs()[name], MEASURES[measure]
    best = float("inf")
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            action(text)
            best = min(best, time.perf_counter() - started)
    except Exception as error:  # shown in the table, not mistaken for a time-out
        connection.send(f"{type(error).__name__}: {error}")
    else:
        connection.send(best)


def measure(name: str, measure: str, repeat: int, limit: float) -> float | str | None:
    """Best of `repeat` runs in a child process; None when it takes longer than `limit`."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_measure, args=(name, measure, repeat, sender))
    child.start()
    result = receiver.recv() if receiver.poll(limit) else None
    if child.is_alive():
        child.kill()
    child.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=120, help="seconds before a measurement is stopped")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement, the best is shown")
    parser.add_argument("--only", nargs="*", help="measure only these inputs (and the ordinary text)")
    args = parser.parse_args()
    cases = inputs()
    names = [name for name in cases if not args.only or name in args.only or name == REFERENCE]
    names.sort(key=lambda name: name != REFERENCE)  # the reference first: every ratio needs it
    times = {name: {m: measure(name, m, args.repeat, args.limit) for m in MEASURES} for name in names}

    errors = [f"{name}, {m}: {value}" for name in names for m, value in times[name].items() if isinstance(value, str)]

    def seconds(value: float | str | None) -> str:
        if isinstance(value, str):
            return "error".rjust(8)
        return f"{value:8.3f}" if value is not None else f"> {args.limit:g}".rjust(8)

    def ratio(value: float | str | None, reference: float | str | None) -> str:
        if not isinstance(reference, float) or isinstance(value, str):
            return "?".rjust(7)
        return f"{value / reference:6.1f}x" if value is not None else f">{args.limit / reference:5.0f}x"

    print(f"best of {args.repeat}; times in seconds; ratio = time / time of the {REFERENCE!r} text\n")
    print(f"{'input':34} {'chars':>9} {'split':>8} {'import':>8} {'split÷':>7} {'import÷':>7}")
    for name in names:
        split, full = times[name]["split"], times[name]["import"]
        print(f"{name:34} {len(cases[name]):9,} {seconds(split)} {seconds(full)} "
              f"{ratio(split, times[REFERENCE]['split'])} {ratio(full, times[REFERENCE]['import'])}")
    for error in errors:
        print(f"error: {error}")


if __name__ == "__main__":
    main()
