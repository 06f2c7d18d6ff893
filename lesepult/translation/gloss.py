"""The gloss: English from the Ding dictionary when no model is installed, labelled as a gloss.

A phrase gloss, not a translation: the sentence is tagged (tagging.py), then
spans are claimed longest and most specific first, and only what is left is
glossed word by word:

0. numbers, times and dates, written the English way (numbers.py);
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

from ..dictionary.ding import lookup_key
from ..dictionary.function_words import in_context
from ..english import indefinite_article
from ..entities import sentence_names
from ..glossary import Glossary, load_terms, plural_rendering
from ..glossary.glossaries import CURATED_TERMS
from ..tagging import FINITE_VERBS, VERB_TAGS, Token, morphemes, particle_verbs, tag
from .engines import Translation
from .numbers import number_chunks

# Part of the cache key: a new algorithm re-glosses what an older one cached.
GLOSS_VERSION = "phrase-2"
MAX_PHRASE = 5
MODIFIER_WORDS = 2   # a compound's start glossed longer than this is more noise than help
NAME_TAGS = ("NE",)
# "nach Angaben des Ministeriums" is Ding's "nach Angaben von": the genitive article stands for "von".
GENITIVE_FOR_VON = {"des": "the", "der": "the", "eines": "a", "einer": "a"}
PLACE = "place"
ORGANISATION = "organisation"
AUXILIARIES = frozenset("sein haben werden".split())
SUBJECT_PRONOUNS = frozenset("ich du er sie wir ihr".split())
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
        for covered, english in number_chunks(tokens):
            chunks.add(_Chunk(covered, english))
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
            modifier = self._modifier(occurrence.modifier)
            chunks.add(_Chunk(covered, f"{modifier} {rendering}" if modifier else rendering))

    def _modifier(self, german: str) -> str:
        """The English of the start of a compound whose head is a term: "Kreml" (Kremlsprecher) → Kremlin,
        "Nato-" → NATO, "UN-" → UN, "Syrien-" → Syria; "" where nothing fits."""
        *hyphenated, closed = german.split("-")
        words = [self._modifier_word(segment, hyphenated=True) for segment in hyphenated if segment]
        if closed:
            words.append(self._modifier_word(closed, hyphenated=False))
        return " ".join(word for word in words if word)

    def _modifier_word(self, segment: str, hyphenated: bool) -> str:
        if not segment[1:].islower():
            return segment   # EU, UN, AfD: English writes them alike
        term = self._glossary_word(segment)
        if term:
            return term
        names = sentence_names(segment, ())
        if names:
            return (self._place(names[0].name) if names[0].kind == PLACE else None) or segment
        found = self.dictionary.lookup(segment, limit=1)
        english = self.dictionary.gloss(segment) if found.entries and not found.parts else None
        if english and len(english.split()) <= MODIFIER_WORDS:
            return english.removeprefix("the ")
        # A hyphen marks a real word (often a name: "Merkel-Regierung"); the start of a closed
        # compound that Ding does not know is more likely a false split ("Dar|stellung").
        return segment if hyphenated else ""

    def _claim_names(self, sentence: str, tokens: tuple[Token, ...], occurrences, chunks: "_Claims") -> None:
        for mention in sentence_names(sentence, occurrences):
            covered = _covered(tokens, mention.start, mention.end)
            if covered and tokens[covered[0]].start == mention.start and tokens[covered[-1]].end == mention.end:
                chunks.add(_Chunk(covered, self._name(mention, sentence[mention.start:mention.end])))

    def _name(self, mention, surface: str) -> str:
        """A name in English: places and multi-word organisations as Ding has them in English (Moskau →
        Moscow, Europäische Kommission → European Commission), people as written; a genitive -s
        becomes the English possessive (Washingtons → Washington's, Lawrows → Lawrow's)."""
        genitive = surface.endswith("s") and surface[:-1] in (mention.name, mention.name.split()[-1])
        english = None
        if mention.kind == PLACE:
            english = self._place(mention.name)
        elif mention.kind == ORGANISATION and " " in mention.name:
            english = self.dictionary.phrases([lookup_key(mention.name)]).get(lookup_key(mention.name))
            english = english if english and english[:1].isupper() else None
        if genitive:
            return f"{english or surface[:-1]}'s"
        return english or surface

    def _place(self, name: str) -> str | None:
        """A place's English name where Ding has the place ("Moskau" → "Moscow")."""
        english = self.dictionary.gloss(name) if " " not in name else None
        if not english or not english[:1].isupper() or english.startswith(name + " "):
            return None   # not a name, or another place of that name ("Frankfurt an der Oder")
        return english

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
        hyphenated = self._hyphenated(token.text)
        if hyphenated:
            return hyphenated
        if self._is_name(token):
            return self._place(token.text) or _possessive(tokens, index)
        return self.dictionary.gloss(token.text) or token.text

    def _hyphenated(self, word: str) -> str | None:
        """A hyphenated compound that starts with a term or a name ("Nato-Staaten", "Grünen-Fraktionschefin"):
        that start as the glossary or the name says, the rest from Ding. None for other words."""
        *starts, head = word.split("-")
        if not head or not any(self._glossary_word(start) or sentence_names(start, ()) for start in starts):
            return None
        modifier = self._modifier(word[:len(word) - len(head)])
        return f"{modifier} {self.dictionary.gloss(head) or head}"

    def _glossary_word(self, word: str) -> str | None:
        """The glossary's English for a word that is a whole term ("Nato" → NATO), else None."""
        whole = [o for o in self.glossary.find(word) if o.start == 0 and o.end == len(word) and not o.modifier]
        return whole[0].term.en if whole else None

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


def _possessive(tokens: tuple[Token, ...], index: int) -> str:
    """A name with the German genitive -s reads as the English possessive: "Hellwigs Ministerium" → "Hellwig's".

    Only before the noun it belongs to: a name that merely ends in -s
    ("sagte Pistorius am Rande", "Pistorius stellte") stays as written.
    """
    token = tokens[index]
    if token.pos in NAME_TAGS and token.text.endswith("s") and token.lemma == token.text[:-1] \
            and _noun_follows(tokens, index):
        return token.lemma + "'s"
    return token.text


def _noun_follows(tokens: tuple[Token, ...], index: int) -> bool:
    """Whether a common noun follows, adjectives allowed between ("Putins brutaler Krieg")."""
    for token in tokens[index + 1:]:
        if token.pos in ("NN", "NNA"):
            return True
        if token.pos != "ADJA":
            return False
    return False


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
            if tokens[first].text.lower() in SUBJECT_PRONOUNS:
                break  # Ding's conjugation examples ("ich/er/sie warf": I threw) are no idioms
            if last == first + 1 and tokens[last].pos == "PTKVZ":
                continue  # "kündigte an" is a form Ding lists; the separable verb step glosses it
            words = [tokens[i].text.lower() for i in span]
            if last > first:  # one word alone is no phrase, but it may close an idiom ("stelle … infrage")
                candidates.setdefault(" ".join(words), (first, span, ""))
            if words[-1] in GENITIVE_FOR_VON:
                candidates.setdefault(" ".join(words[:-1] + ["von"]), (first, span, GENITIVE_FOR_VON[words[-1]]))
            for verb in _clause_verbs(tokens, first, last):
                if last == first and tokens[verb].lemma in AUXILIARIES:
                    continue  # "ist gut" is compositional, not Ding's idiom "gut sein" (be in the running)
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
    chunks = [chunk for chunk in chunks if chunk.english]
    for position, chunk in enumerate(chunks):
        english = chunk.english
        if english == "a" and position + 1 < len(chunks):
            english = indefinite_article(chunks[position + 1].english)   # "ein Angebot": an offer
        if text and english[0] not in NO_SPACE_BEFORE and text[-1] not in NO_SPACE_AFTER:
            text += " "
        start = len(text)
        text += english
        alignment += [(tokens[i].start, tokens[i].end, start, len(text)) for i in chunk.tokens if tokens[i].is_word]
    capitalised = _capitalise_first(text)
    return Translation(capitalised, None, None, tuple(alignment))


def _capitalise_first(text: str) -> str:
    """The first letter up, unless the sentence starts with a number ("1,200 people came")."""
    for index, char in enumerate(text):
        if char.isdigit():
            return text
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1:]
    return text
