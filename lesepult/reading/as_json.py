"""Documents, paragraphs and sentences as the JSON API shows them."""
from __future__ import annotations

from typing import Sequence

from ..documents import Paragraph, Sentence


def paragraphs_json(paragraphs: Sequence[Paragraph]) -> list[dict]:
    return [{"index": p.index, "kind": p.kind, "sentences": [sentence_json(s) for s in p.sentences]}
            for p in paragraphs]


def sentence_json(sentence: Sentence) -> dict:
    data = {"de": sentence.de, "en": sentence.en, "score": sentence.score,
            "edited": sentence.edited, "memory": sentence.memory}   # human English: this sentence's, or remembered
    if sentence.error:
        data["error"] = sentence.error
    if sentence.en is None and sentence.error is None:
        data["pending"] = True
    if sentence.enforced:
        data["enforced"] = [{"de": e.term.de, "en": e.term.en, "status": e.status, "replaced": e.replaced}
                            for e in sentence.enforced]
    return data
