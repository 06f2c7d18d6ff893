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

PEAKED = 1.0   # attention on a piece above the even share counts as aligning to it (uniform says nothing)

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
        # The attention of each hypothesis aligns its words to the German (see `alignment`).
        self.options = dict(max_batch_size=batch_size, batch_type="examples", beam_size=4,
                            length_penalty=0.2, replace_unknowns=True, return_scores=True,
                            return_attention=True, max_decoding_length=256)

    @classmethod
    def find_installed(cls, **kwargs) -> "ArgosEngine | None":
        from ..models import installed_de_en

        package = installed_de_en()
        return cls(package, **kwargs) if package else None

    def translate(self, sentences: Sequence[str]) -> list[Translation]:
        if not sentences:
            return []
        try:
            sources = [self._source(s) for s in sentences]
            results = self._run([[piece for piece, _ in source] for source in sources], 1)
            return [self._best(result, source) for result, source in zip(results, sources)]
        except Exception:
            if len(sentences) == 1:
                return [Translation("", None, _reason(sentences[0], self))]
            # Isolate the failing sentence: halve until it stands alone, so
            # the rest of the document still translates in batches.
            middle = len(sentences) // 2
            return self.translate(sentences[:middle]) + self.translate(sentences[middle:])

    def alternatives(self, sentence: str, count: int = 4) -> list[Translation]:
        source = self._source(sentence)
        result = self._run([[piece for piece, _ in source]], count)[0]
        return [self._hypothesis(tokens, score, attention, source)
                for tokens, score, attention in zip(result.hypotheses, result.scores, result.attention)]

    def _source(self, sentence: str) -> list[tuple[str, tuple[int, int]]]:
        """The sentence's pieces, each with the characters of the sentence it covers."""
        proto = self.tokenizer.encode(sentence, out_type="proto")
        char_at = _char_offsets(sentence)  # sentencepiece counts UTF-8 bytes
        return [(piece.piece, _trimmed(sentence, char_at[piece.begin], char_at[piece.end])) for piece in proto.pieces]

    def _run(self, tokens: list[list[str]], hypotheses: int):
        prefix = [[self.target_prefix]] * len(tokens) if self.target_prefix else None
        options = dict(self.options, beam_size=max(hypotheses, self.options["beam_size"]),
                       num_hypotheses=hypotheses)
        return self.translator.translate_batch(tokens, target_prefix=prefix, **options)

    def _best(self, result, source) -> Translation:
        return self._hypothesis(result.hypotheses[0], result.scores[0], result.attention[0], source)

    def _hypothesis(self, tokens: list[str], score: float, attention, source) -> Translation:
        if self.target_prefix and tokens[:1] == [self.target_prefix]:
            tokens, attention = tokens[1:], attention[1:]
        text = self.tokenizer.decode(tokens).strip()
        return Translation(text, confidence(score, len(tokens), self.options["length_penalty"]), None,
                           alignment(text, tokens, attention, [span for _, span in source]))


def alignment(text: str, tokens: list[str], attention, source: list[tuple[int, int]]) -> tuple:
    """(German start, end, English start, end) for each English piece: the German piece it attends to most.

    Cross-attention is a rough aligner, but it is the model's own; without
    it a glossary term the model rendered some other way could only be
    reported missing. None when the pieces do not spell the decoded text.
    """
    surfaces = [token.replace("▁", " ") for token in tokens]
    joined = "".join(surfaces)
    if joined.strip() != text:
        return ()
    position, pairs = -(len(joined) - len(joined.lstrip())), []   # decoding drops the leading space
    for surface, weights in zip(surfaces, attention):
        start, end = position + len(surface) - len(surface.lstrip()), position + len(surface)
        position += len(surface)
        attended = _attended(weights[:len(source)])
        if attended is not None and end > start and source[attended][1] > source[attended][0]:
            pairs.append((*source[attended], start, end))
    return tuple(pairs)


def _attended(weights) -> int | None:
    """The source piece a target piece attends to most; None when attention is spread evenly (it says nothing)."""
    if not weights:
        return None
    best = max(range(len(weights)), key=weights.__getitem__)
    return best if weights[best] > PEAKED * sum(weights) / len(weights) else None


def _char_offsets(text: str) -> list[int]:
    """For each UTF-8 byte offset of text (and its end), the character offset."""
    offsets = []
    for index, char in enumerate(text):
        offsets += [index] * len(char.encode("utf-8"))
    return offsets + [len(text)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    return start, end


def confidence(score: float, length: int, length_penalty: float) -> float:
    """Undo CTranslate2's length normalisation and return exp(mean log-prob)."""
    length = max(length, 1) + 1  # the end-of-sentence token is scored too
    cumulative = score * length ** length_penalty
    return round(math.exp(cumulative / length), 4)


def _reason(sentence: str, engine: ArgosEngine) -> str:
    try:
        engine._run([[piece for piece, _ in engine._source(sentence)]], 1)
    except Exception as error:  # report what CTranslate2 or sentencepiece said
        return f"translation failed: {error}"[:300]
    return "translation failed"
