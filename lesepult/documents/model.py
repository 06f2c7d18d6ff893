"""What a document is to a reader: paragraphs of sentences, each with its English once translated."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Sentence:
    id: int
    de: str
    en: str | None = None
    score: float | None = None
    error: str | None = None
    enforced: list = field(default_factory=list)     # glossary.Enforcement, one per term
    marks: list = field(default_factory=list)        # glossary.Mark: where each rendering stands in `en`
    occurrences: list | None = None                  # glossary.Occurrence in `de`, found once per request
    own_en: str | None = None                        # the owner's own English for this sentence (memory.py)
    origin: str = "engine"                           # where `en` comes from: engine, edited or memory

    @property
    def edited(self) -> bool:
        return self.origin == "edited"

    @property
    def memory(self) -> bool:
        return self.origin == "memory"


@dataclass
class Paragraph:
    index: int
    kind: str
    sentences: list[Sentence]

    @property
    def text(self) -> str:
        return " ".join(sentence.de for sentence in self.sentences)


@dataclass
class DocumentInfo:
    """A document's head: everything but its text, read with one query."""
    id: int
    uid: str                 # changes with the text: with the id it keys anything cached from it
    title: str
    source: str
    created_at: str
    owner_id: int
    shared: bool
    is_sample: bool
    status: str              # importing | ready | failed
    error: str | None
    paragraph_count: int
    imported_paragraphs: int
    sentence_count: int
    word_count: int

    @property
    def ready(self) -> bool:
        return self.status == "ready"


@dataclass
class Document:
    """A whole document in memory: for exports and the batch CLI, never for the reader page."""
    info: DocumentInfo
    paragraphs: list[Paragraph]

    id = property(lambda self: self.info.id)
    title = property(lambda self: self.info.title)
    source = property(lambda self: self.info.source)
    created_at = property(lambda self: self.info.created_at)

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    def sentence(self, index: int, position: int) -> Sentence | None:
        """The `position`-th sentence of paragraph `index`, if there is one."""
        if 0 <= index < len(self.paragraphs) and 0 <= position < len(self.paragraphs[index].sentences):
            return self.paragraphs[index].sentences[position]
        return None
