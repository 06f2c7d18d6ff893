"""The gloss: English from the Ding dictionary when no model is installed, labelled as a gloss.

A phrase gloss, not a translation: the sentence is tagged (tagging.py), then
spans are claimed longest and most specific first, and only what is left is
glossed word by word:

1. glossary terms (curated; a reader's own are applied afterwards by
   enforcement, through the alignment), in the glossary's case and number;
2. names (entities.py), kept as written; places take Ding's English (Moskau → Moscow);
3. Ding's multi-word entries ("zur Kenntnis nehmen" → take note of), also
   with the verb in second position ("nahm … zur Kenntnis") and with a
   genitive for "von" ("nach Angaben des …");
4. separable verbs rejoined with their particle ("wies … zurück" → rejected);
5. single words: function words by context, verbs by the tagger's lemma, one
   ranked Ding sense each; unknown words stay as written.

Every span's English is recorded in the alignment (source span → target
span), so enforcement can put a reader's own term where its German stands.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

from ..dictionary.function_words import in_context
from ..entities import sentence_names
from ..glossary import Glossary, load_terms, plural_rendering
from ..glossary.glossaries import CURATED_TERMS
from ..tagging import FINITE_VERBS, VERB_TAGS, Token, morphemes, particle_verbs, tag
from .engines import Translation

# Part of the cache key: a new algorithm re-glosses what an older one cached.
GLOSS_VERSION = "phrase-1"
MAX_PHRASE = 5
NAME_TAGS = ("NE",)
# "nach Angaben des Ministeriums" is Ding's "nach Angaben von": the genitive article stands for "von".
GENITIVE_FOR_VON = {"des": "the", "der": "the", "eines": "a", "einer": "a"}
PLACE = "place"
FUNCTION_TAGS = frozenset("ART APPR APPRART APPO PRELS PRELAT PDS PDAT PPER PPOSAT PRF KON KOUS KOKOM PTKZU PIS PIAT"
                          " PWS PWAV PROAV".split())


@dataclass
class _Chunk:
    """English for some tokens: it stands where the first of them stands."""
    tokens: tuple[int, ...]
    english: str


class GlossEngine:
    """Phrase by phrase from the dictionary: no model, no fluency, still useful."""

    name = "gloss"
    model = "phrase gloss (Ding dictionary)"

    def __init__(self, dictionary, glossary: Glossary | None = None):
        self.dictionary = dictionary
        self.version = f"{getattr(dictionary, 'version', 'none')}+{GLOSS_VERSION}"
        self._glossary = glossary

    @cached_property
    def glossary(self) -> Glossary:
        return self._glossary or Glossary(load_terms(CURATED_TERMS))

    def translate(self, sentences: Sequence[str]) -> list[Translation]:
        return [self._gloss(s) for s in sentences]

    def alternatives(self, sentence: str, count: int = 4) -> list[Translation]:
        return [self._gloss(sentence)]

    def _gloss(self, sentence: str) -> Translation:
        if self.dictionary is None:
            return Translation("", None, "no dictionary installed: run make setup")
        tokens = tag(sentence)
        chunks = _Claims(len(tokens))
        occurrences = self.glossary.find(sentence)
        self._claim_terms(tokens, occurrences, chunks)
        self._claim_names(sentence, tokens, occurrences, chunks)
        self._claim_phrases(tokens, chunks)
        self._claim_particle_verbs(tokens, chunks)
        for index, token in enumerate(tokens):
            if not chunks.taken(index):
                chunks.add(_Chunk((index,), self._word(tokens, index)))
        return _render(sentence, tokens, chunks.ordered())

    # -- claims, most specific first

    def _claim_terms(self, tokens: tuple[Token, ...], occurrences, chunks: "_Claims") -> None:
        for occurrence in occurrences:
            covered = _covered(tokens, occurrence.start, occurrence.end)
            rendering = plural_rendering(occurrence.term) if occurrence.plural else occurrence.term.en
            chunks.add(_Chunk(covered, _with_modifiers(occurrence, rendering)))

    def _claim_names(self, sentence: str, tokens: tuple[Token, ...], occurrences, chunks: "_Claims") -> None:
        for mention in sentence_names(sentence, occurrences):
            covered = _covered(tokens, mention.start, mention.end)
            if covered and tokens[covered[0]].start == mention.start and tokens[covered[-1]].end == mention.end:
                surface = sentence[mention.start:mention.end]
                english = self._place(mention.name) if mention.kind == PLACE else None
                chunks.add(_Chunk(covered, english or surface))

    def _place(self, name: str) -> str | None:
        """A place's English name where Ding has the place ("Moskau" → "Moscow")."""
        english = self.dictionary.gloss(name) if " " not in name else None
        return english if english and english[:1].isupper() else None

    def _claim_phrases(self, tokens: tuple[Token, ...], chunks: "_Claims") -> None:
        candidates = _phrase_candidates(tokens, chunks)
        found = self.dictionary.phrases(candidates)
        for key, (anchor, covered, tail) in sorted(candidates.items(), key=lambda item: -len(item[1][1])):
            if key in found:
                chunks.add(_Chunk((anchor, *[i for i in covered if i != anchor]), f"{found[key]} {tail}".strip()))

    def _claim_particle_verbs(self, tokens: tuple[Token, ...], chunks: "_Claims") -> None:
        for verb in particle_verbs(tokens, self.dictionary.verb_headword):
            finite = f"{tokens[verb.verb].text} {tokens[verb.particle].text}"
            english = self.dictionary.gloss(finite, verb.headword)
            if english:
                chunks.add(_Chunk((verb.verb, verb.particle), english))

    # -- single words

    def _word(self, tokens: tuple[Token, ...], index: int) -> str:
        token = tokens[index]
        if not token.is_word or token.text[:1].isdigit():
            return token.text
        function_word = in_context(tokens, index)
        if function_word is not None:
            return function_word
        if token.pos in VERB_TAGS:
            return self.dictionary.gloss(token.text, token.lemma) or token.text
        if self._is_name(token):
            return self._place(token.text) or _possessive(token)
        return self.dictionary.gloss(token.text) or token.text

    def _is_name(self, token: Token) -> bool:
        """A name, a letter ("Lawrow (l)") or a capitalised word Ding only knows by splitting it ("Steinmeier")."""
        if token.pos in NAME_TAGS or len(token.text) == 1:
            return True
        if not token.text[:1].isupper():
            return False
        found = self.dictionary.lookup(token.text, limit=1)
        return bool(found.parts) and not _tagger_splits(token.text)


class _Claims:
    """Which tokens are glossed already; a later, less specific claim never overlaps an earlier one."""

    def __init__(self, size: int):
        self.owner: list[_Chunk | None] = [None] * size

    def taken(self, index: int) -> bool:
        return self.owner[index] is not None

    def add(self, chunk: _Chunk) -> None:
        if chunk.tokens and not any(self.taken(i) for i in chunk.tokens):
            for i in chunk.tokens:
                self.owner[i] = chunk

    def ordered(self) -> list[_Chunk]:
        """Each chunk once, where its anchor (first token) stands."""
        return [chunk for index, chunk in enumerate(self.owner) if chunk is not None and chunk.tokens[0] == index]


def _covered(tokens: tuple[Token, ...], start: int, end: int) -> tuple[int, ...]:
    return tuple(i for i, token in enumerate(tokens) if start <= token.start and token.end <= end)


def _with_modifiers(occurrence, rendering: str) -> str:
    """A term at the end of a hyphenated compound keeps its name-like modifiers ("UN-Sicherheitsrat")."""
    segments = occurrence.surface.split("-")
    extra = len(segments) - len(occurrence.term.de.split("-"))   # the term itself may be hyphenated
    modifiers = [s for s in segments[:max(extra, 0)] if s.isupper() and len(s) <= 4]
    return " ".join([*modifiers, rendering])


def _possessive(token: Token) -> str:
    """A name with the German genitive -s reads as the English possessive: "Hellwigs" → "Hellwig's"."""
    if token.pos in NAME_TAGS and token.text.endswith("s") and token.lemma == token.text[:-1]:
        return token.lemma + "'s"
    return token.text


def _tagger_splits(word: str) -> bool:
    """Whether HanTa knows the word as a compound of known parts (then it is no name)."""
    return sum(1 for _, kind in morphemes(word) if kind in ("NN", "ADJ", "VV")) > 1


def _phrase_candidates(tokens: tuple[Token, ...], chunks: _Claims) -> dict[str, tuple[int, tuple[int, ...], str]]:
    """Lookup key → (anchor token, tokens covered, English to add) for every n-gram that may be a Ding phrase."""
    candidates: dict[str, tuple[int, tuple[int, ...], str]] = {}
    for first in range(len(tokens)):
        for last in range(first, min(first + MAX_PHRASE, len(tokens))):
            span = tuple(range(first, last + 1))
            if not all(tokens[i].is_word and not chunks.taken(i) for i in span):
                break
            if all(tokens[i].pos in FUNCTION_TAGS for i in span):
                continue  # "bei dem" is no phrase worth Ding's idioms ("at which")
            words = [tokens[i].text.lower() for i in span]
            if last > first:  # one word alone is no phrase, but it may close an idiom ("stelle … infrage")
                candidates.setdefault(" ".join(words), (first, span, ""))
            if words[-1] in GENITIVE_FOR_VON:
                candidates.setdefault(" ".join(words[:-1] + ["von"]), (first, span, GENITIVE_FOR_VON[words[-1]]))
            for verb in _clause_verbs(tokens, first, last):
                candidates.setdefault(" ".join(words + [tokens[verb].lemma]), (verb, (verb, *span), ""))
    return candidates


def _clause_verbs(tokens: tuple[Token, ...], first: int, last: int) -> list[int]:
    """The finite verbs before an n-gram that closes its clause: "nahm das Urteil zur Kenntnis"."""
    closes = last + 1 == len(tokens) or not tokens[last + 1].is_word
    if not closes:
        return []
    verbs = []
    for index in range(first - 1, -1, -1):
        if tokens[index].text in ".;:!?,":
            break
        if tokens[index].pos in FINITE_VERBS:
            verbs.append(index)
    return verbs


NO_SPACE_BEFORE = frozenset(",.;:!?)]“")
NO_SPACE_AFTER = frozenset("([„")


def _render(sentence: str, tokens: tuple[Token, ...], chunks: list[_Chunk]) -> Translation:
    """Join the chunks' English, capitalise the first letter, and align each chunk to its German."""
    text, alignment = "", []
    for chunk in (chunk for chunk in chunks if chunk.english):
        english = chunk.english
        if text and english[0] not in NO_SPACE_BEFORE and text[-1] not in NO_SPACE_AFTER:
            text += " "
        start = len(text)
        text += english
        alignment += [(tokens[i].start, tokens[i].end, start, len(text)) for i in chunk.tokens if tokens[i].is_word]
    capitalised = _capitalise_first(text)
    return Translation(capitalised, None, None, tuple(alignment))


def _capitalise_first(text: str) -> str:
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1:]
    return text
