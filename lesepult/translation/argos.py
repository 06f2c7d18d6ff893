"""The Argos Translate de→en model, run directly with CTranslate2 and sentencepiece.

It deliberately avoids `argostranslate.translate`: that module imports stanza
and torch (seconds) and would split sentences itself (and try to download a
splitter), while we already have segmented sentences and want one batched
call per chunk.
"""
from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Sequence

from .engines import Translation

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
        from ..models import installed_de_en

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
