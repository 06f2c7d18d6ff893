"""How the reader's cost grows with the size of a document: 5k, 50k, 250k and 1M words.

For each size, one German text is made from the sample article's sentences
(each made unique with a number, so the translation cache does not flatter
later paragraphs), imported through the app's own import path, then read
through the Flask test client as a browser would:

  import      POST /documents with the pasted text, until the document is ready
  page        GET /documents/<id>: the reader's first window (its German markup is built)
  page again  the same page once more (the window is cached)
  window      GET /documents/<id>/window?from=<late>: the last window, built (its first request)
  window again the same, from the cache of built windows
  paragraph   GET /documents/<id>/paragraphs/<late>: the English of a late paragraph (gloss, cold)
  progress    GET /documents/<id>/progress
  api page    GET /api/documents/<id>?from=<late>&count=20
  library     GET /api/documents
  share       GET /words/unknown-share/<id>: the share of unknown words (the first call lemmatises the text)
  mark+share  PUT /api/words/<word>, then GET /api/words?document=<id> and the share again, as the
              page does after each word the reader marks

and the process's peak memory (ru_maxrss). Every figure is from one run on
this machine, where timings are noisy: the growth ratios (size n vs 5k) are
what to read. Goals: at 1M words page, window and paragraph ≤ 2× the 5k
figure, page bytes ≤ 2×, and import cost per word at 1M ≤ 1.3× that at 50k.

Run: python bench/reader.py [--sizes 5000,50000,250000,1000000]
"""
from __future__ import annotations

import argparse
import re
import resource
import statistics
import tempfile
import time
from pathlib import Path

from app import create_app
from lesepult.documents import SAMPLE_PATH, segment_text

ROOT = Path(__file__).resolve().parents[1]
SIZES = (5_000, 50_000, 250_000, 1_000_000)


def sample_sentences() -> list[str]:
    body = [sentences for kind, sentences in segment_text(SAMPLE_PATH.read_text(encoding="utf-8")) if kind == "body"]
    return [s for sentences in body for s in sentences]


def book(words: int) -> str:
    """A text of about `words` words: paragraphs of 5 sample sentences, each sentence unique."""
    sentences, paragraphs, count, n = sample_sentences(), [], 0, 0
    while count < words:
        paragraph = []
        for _ in range(5):
            sentence = sentences[n % len(sentences)]
            paragraph.append(re.sub(r"([.!?…“\"]+)$", rf" ({n})\1", sentence, count=1))
            count += len(sentence.split()) + 1
            n += 1
        paragraphs.append(" ".join(paragraph))
    return "\n\n".join(paragraphs)


def timed(call, repeat: int = 3) -> tuple[float, object]:
    """Median milliseconds of `repeat` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def measure(words: int, ding: Path) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"reader-bench-{words}-"))
    app = create_app({"TESTING": True, "DATABASE": str(folder / "bench.sqlite"), "DICTIONARY_DB": str(ding),
                      "TRANSLATION_ENGINE": "gloss", "SECRET_KEY": "bench"})
    client = app.test_client(use_cookies=False)  # an API client: no session, no CSRF token needed
    text = book(words)
    start = time.perf_counter()
    response = client.post("/documents", data={"text": text, "title": f"Buch {words}"})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    document = int(response.headers["Location"].rsplit("/", 1)[1])
    while client.get(f"/api/documents/{document}?count=1").status_code == 409:  # still importing
        time.sleep(0.05)
    imported = time.perf_counter() - start
    info = client.get("/api/documents").get_json()["documents"][0]
    paragraphs = client.get(f"/api/documents/{document}?from=0&count=1").get_json()["paging"]["paragraphs"]
    late = paragraphs - 1   # in the last window, never the first one

    page_ms, page = timed(lambda: client.get(f"/documents/{document}"), repeat=1)
    again_ms, _ = timed(lambda: client.get(f"/documents/{document}"))
    window_ms, _ = timed(lambda: client.get(f"/documents/{document}/window?from={late}"), repeat=1)
    window_again_ms, _ = timed(lambda: client.get(f"/documents/{document}/window?from={late}"))
    paragraph_ms, paragraph = timed(lambda: client.get(f"/documents/{document}/paragraphs/{late}"), repeat=1)
    warm_ms, _ = timed(lambda: client.get(f"/documents/{document}/paragraphs/{late}"))
    progress_ms, _ = timed(lambda: client.get(f"/documents/{document}/progress"))
    api_ms, _ = timed(lambda: client.get(f"/api/documents/{document}?from={late}&count=20"))
    library_ms, _ = timed(lambda: client.get("/api/documents"))
    share_ms, _ = timed(lambda: client.get(f"/words/unknown-share/{document}"), repeat=1)
    marks = iter(("Tagen", "Truppen", "Russland", "Gespräche", "Syrien"))
    mark_ms, _ = timed(lambda: (client.put(f"/api/words/{next(marks)}", json={"status": "known"}),
                                client.get(f"/api/words?document={document}"),
                                client.get(f"/words/unknown-share/{document}")))
    assert page.status_code == paragraph.status_code == 200
    return {"words": info["words"], "sentences": info["sentences"], "paragraphs": paragraphs,
            "import s": imported, "import µs/word": imported / info["words"] * 1e6,
            "page ms": page_ms, "page kB": len(page.data) / 1024, "page again ms": again_ms,
            "window ms": window_ms, "window again ms": window_again_ms, "paragraph ms": paragraph_ms, "paragraph warm ms": warm_ms,
            "progress ms": progress_ms, "api page ms": api_ms, "library ms": library_ms,
            "share ms": share_ms, "mark+share ms": mark_ms,
            "peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


COLUMNS = ("words", "paragraphs", "import s", "import µs/word", "page ms", "page kB", "page again ms", "window ms",
           "window again ms", "paragraph ms", "paragraph warm ms", "progress ms", "api page ms", "library ms",
           "share ms", "mark+share ms", "peak MB")
GOALS = {"page ms": 2.0, "page kB": 2.0, "window ms": 2.0, "paragraph ms": 2.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--ding", type=Path, default=ROOT / "data" / "ding.sqlite")
    args = parser.parse_args()
    rows = []
    measure(1_000, args.ding)  # warm the process up (language data, glossary, import jobs): not a row
    for words in map(int, args.sizes.split(",")):
        rows.append(measure(words, args.ding))
        print(f"measured {rows[-1]['words']:,} words", flush=True)
    print("\n| " + " | ".join(COLUMNS) + " |\n|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| " + " | ".join(_cell(row[c]) for c in COLUMNS) + " |")
    base = rows[0]
    print(f"\nRatios to the {base['words']:,}-word document (goal ≤ 2.0):")
    for row in rows[1:]:
        ratios = ", ".join(f"{column} {row[column] / base[column]:.2f}" for column in GOALS)
        print(f"  {row['words']:>9,} words: {ratios}")
    per_word = {row["words"]: row["import µs/word"] for row in rows}
    if len(rows) >= 3:
        print(f"Import cost per word, largest vs second ({rows[1]['words']:,} words): "
              f"{per_word[rows[-1]['words']] / per_word[rows[1]['words']]:.2f} (goal ≤ 1.3)")


def _cell(value) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


if __name__ == "__main__":
    main()
