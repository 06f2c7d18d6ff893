"""Translation engines behind one interface, and the cache in front of them.

Every translation in the app goes through `TranslationCache.translate`, which
asks the engine only for sentences it has not seen under the same engine, model
and version. Two engines exist:

* `ArgosEngine` runs an installed Argos Translate de→en package directly with
  CTranslate2 and sentencepiece. It deliberately avoids
  `argostranslate.translate`: that module imports stanza and torch (seconds)
  and would split sentences itself (and try to download a splitter), while we
  already have segmented sentences and want one batched call per chunk.
* `GlossEngine` is the fallback when no model is installed: a word-by-word
  gloss from the Ding dictionary, labelled as such wherever it shows.
"""
from __future__ import annotations

import math
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

INSTALL_HINT = "make install-model  (or: python -m lesepult install-model --file translate-de_en.argosmodel)"


@dataclass(frozen=True)
class Translation:
    text: str
    score: float | None = None  # confidence 0..1: exp(mean token log-prob); None when the engine has none
    error: str | None = None


class Engine(Protocol):
    name: str       # "argos" | "gloss"
    model: str      # what a reader is told: package name, or "word-by-word gloss"
    version: str    # part of the cache key: a new version retranslates

    def translate(self, sentences: Sequence[str]) -> list[Translation]: ...

    def alternatives(self, sentence: str, count: int) -> list[Translation]: ...


def describe(engine: Engine) -> dict:
    return {"name": engine.name, "model": engine.model, "version": engine.version}


class ArgosEngine:
    name = "argos"

    def __init__(self, package, threads: int | None = None, batch_size: int = 32):
        import ctranslate2
        import sentencepiece

        self.package = package
        self.model = f"translate-{package.from_code}_{package.to_code}"
        self.version = str(package.package_version or "0")
        self.tokenizer = sentencepiece.SentencePieceProcessor(
            model_file=str(Path(package.package_path) / "sentencepiece.model"))
        self.translator = ctranslate2.Translator(
            str(Path(package.package_path) / "model"), device="cpu", compute_type="int8",
            inter_threads=1, intra_threads=threads or os.cpu_count() or 1)
        self.target_prefix = package.target_prefix or None
        # The options Argos itself uses, but batched by examples: CTranslate2
        # sorts the chunk by length and pads minimally within each batch.
        self.options = dict(max_batch_size=batch_size, batch_type="examples", beam_size=4,
                            length_penalty=0.2, replace_unknowns=True, return_scores=True,
                            max_decoding_length=256)

    @classmethod
    def find_installed(cls, **kwargs) -> "ArgosEngine | None":
        from .models import installed_de_en

        package = installed_de_en()
        return cls(package, **kwargs) if package else None

    def translate(self, sentences: Sequence[str]) -> list[Translation]:
        if not sentences:
            return []
        try:
            tokens = [self._encode(s) for s in sentences]
            return [self._best(r) for r in self._run(tokens, 1)]
        except Exception:
            if len(sentences) == 1:
                return [Translation("", None, _reason(sentences[0], self))]
            # Isolate the failing sentence: halve until it stands alone, so
            # the rest of the document still translates in batches.
            middle = len(sentences) // 2
            return self.translate(sentences[:middle]) + self.translate(sentences[middle:])

    def alternatives(self, sentence: str, count: int = 4) -> list[Translation]:
        result = self._run([self._encode(sentence)], count)[0]
        return [self._hypothesis(tokens, score) for tokens, score in zip(result.hypotheses, result.scores)]

    def _encode(self, sentence: str) -> list[str]:
        return self.tokenizer.encode(sentence, out_type=str)

    def _run(self, tokens: list[list[str]], hypotheses: int):
        prefix = [[self.target_prefix]] * len(tokens) if self.target_prefix else None
        options = dict(self.options, beam_size=max(hypotheses, self.options["beam_size"]),
                       num_hypotheses=hypotheses)
        return self.translator.translate_batch(tokens, target_prefix=prefix, **options)

    def _best(self, result) -> Translation:
        return self._hypothesis(result.hypotheses[0], result.scores[0])

    def _hypothesis(self, tokens: list[str], score: float) -> Translation:
        if self.target_prefix and tokens[:1] == [self.target_prefix]:
            tokens = tokens[1:]
        text = self.tokenizer.decode(tokens).strip()
        return Translation(text, confidence(score, len(tokens), self.options["length_penalty"]))


def confidence(score: float, length: int, length_penalty: float) -> float:
    """Undo CTranslate2's length normalisation and return exp(mean log-prob)."""
    length = max(length, 1) + 1  # the end-of-sentence token is scored too
    cumulative = score * length ** length_penalty
    return round(math.exp(cumulative / length), 4)


def _reason(sentence: str, engine: ArgosEngine) -> str:
    try:
        engine._run([engine._encode(sentence)], 1)
    except Exception as error:  # report what CTranslate2 or sentencepiece said
        return f"translation failed: {error}"[:300]
    return "translation failed"


class GlossEngine:
    """Word by word from the dictionary: no model, no fluency, still useful."""

    name = "gloss"
    model = "word-by-word gloss (Ding dictionary)"

    def __init__(self, dictionary):
        self.dictionary = dictionary
        self.version = getattr(dictionary, "version", "none")

    def translate(self, sentences: Sequence[str]) -> list[Translation]:
        return [self._gloss(s) for s in sentences]

    def alternatives(self, sentence: str, count: int = 4) -> list[Translation]:
        return [self._gloss(sentence)]

    def _gloss(self, sentence: str) -> Translation:
        if self.dictionary is None:
            return Translation("", None, "no dictionary installed: run make setup")
        words = [self._word(token) for token in _TOKEN.findall(sentence)]
        return Translation(_join(words), None)

    def _word(self, token: str) -> str:
        if not token[0].isalpha():
            return token
        return self.dictionary.gloss(token) or f"[{token}]"


_TOKEN = re.compile(r"\w[\w'-]*|[^\w\s]")


def _join(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return re.sub(r"\s+([,.;:!?)\]])", r"\1", re.sub(r"([(\[])\s+", r"\1", text))


class TranslationCache:
    """SQLite cache keyed by engine, model, version and the German sentence.

    A lock per cache keeps concurrent page requests from translating the same
    sentences twice: the second request waits and then finds them cached.
    """

    _lock = threading.Lock()

    def __init__(self, db: sqlite3.Connection, engine: Engine):
        self.db = db
        self.engine = engine
        self.key = (engine.name, f"{engine.model}@{engine.version}")

    def lookup(self, sentences: Sequence[str]) -> dict[str, Translation]:
        found: dict[str, Translation] = {}
        unique = list(dict.fromkeys(sentences))
        for start in range(0, len(unique), 500):  # stay under SQLite's variable limit
            chunk = unique[start:start + 500]
            rows = self.db.execute(
                f"SELECT de, en, score FROM translations WHERE engine = ? AND version = ?"
                f" AND de IN ({','.join('?' * len(chunk))})", (*self.key, *chunk))
            found.update({row[0]: Translation(row[1], row[2]) for row in rows})
        return found

    def translate(self, sentences: Sequence[str]) -> list[Translation]:
        """Translations in the order given; only cache misses reach the engine."""
        known = self.lookup(sentences)
        missing = [s for s in dict.fromkeys(sentences) if s not in known]
        if missing:
            with self._lock:
                known.update(self.lookup(missing))  # another request may have just done them
                missing = [s for s in missing if s not in known]
                known.update(self._translate_missing(missing))
        return [known[s] for s in sentences]

    def _translate_missing(self, sentences: list[str]) -> dict[str, Translation]:
        if not sentences:
            return {}
        results = dict(zip(sentences, self.engine.translate(sentences)))
        self.db.executemany(
            "INSERT OR REPLACE INTO translations (engine, version, de, en, score) VALUES (?, ?, ?, ?, ?)",
            [(*self.key, de, t.text, t.score) for de, t in results.items() if t.error is None])
        self.db.commit()
        return results


def select_engine(choice: str, dictionary) -> Engine:
    """`auto` prefers an installed Argos model and falls back to the gloss."""
    if choice not in ("auto", "argos", "gloss"):
        raise ValueError(f"TRANSLATION_ENGINE must be auto, argos or gloss, not {choice!r}")
    if choice != "gloss":
        engine = ArgosEngine.find_installed()
        if engine is not None:
            return engine
        if choice == "argos":
            raise LookupError(f"No de→en Argos model is installed. Install it with: {INSTALL_HINT}")
    return GlossEngine(dictionary)
