"""Parts of speech, lemmas and separable verbs of a German sentence, from the Hannover Tagger.

HanTa (LGPL-3.0, its German model ships inside the wheel) tags a sentence in
a few milliseconds with STTS tags and lemmas. Separated verb particles are
tagged `PTKVZ`, which is how "Russland wies dies zurück" is read as the
particle verb *zurückweisen*. The model is loaded once per process, on first
use, because loading it takes half a second.

The gloss (translation/gloss.py) and the lookup in context
(dictionary/context.py) use the same `particle_verbs`, so the popup shows the
verb the gloss translated.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from .segment import INTERNAL_ABBREVIATIONS

# Words, numbers with their ordinal dot ("1."), and punctuation, one token each.
# A number written with its decimal comma, thousands points or a clock's colon is one token ("2,22",
# "1.200", "3.00"): its comma or point ends no clause.
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)+(?![\w-])|\d+\.(?=\s+[A-ZÄÖÜ][a-zäöüß])|\w+(?:[-'’]\w+)*-?|[^\w\s]")
_DOTTED_LETTER = re.compile(r"[^\W\d_]\.")
FINITE_VERBS = ("VVFIN", "VAFIN", "VMFIN")
VERB_TAGS = (*FINITE_VERBS, "VVINF", "VVPP", "VVIZU", "VAINF", "VAPP", "VMINF")
# Where a clause ends: a particle verb does not reach across these.
CLAUSE_END = frozenset(".,;:!?–—()\"„“”")
# Words HanTa sometimes misses as particles at the clause end; accepted only when
# particle + verb is a verb the dictionary knows.
PARTICLES = frozenset("""ab an auf aus bei dar durch ein empor entgegen entlang fest fort frei heim her herab heran
    herauf heraus herbei herein herum herunter hervor hin hinab hinauf hinaus hinein hinzu los mit nach nieder statt
    teil um voran voraus vorbei vorüber vor weg weiter zu zurecht zurück zusammen zustande""".split())

# The finite tag of a verb HanTa took for an infinitive at the end of a subordinate clause.
INFINITIVE_FINITE = {"VVINF": "VVFIN", "VAINF": "VAFIN", "VMINF": "VMFIN", "VVPP": "VVFIN"}

_lock = threading.Lock()


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    lemma: str
    pos: str            # STTS tag: NN, NE, VVFIN, APPR, PTKVZ, ...

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


@dataclass(frozen=True)
class ParticleVerb:
    verb: int           # token index of the finite verb
    particle: int       # token index of the separated particle
    lemma: str          # particle + infinitive in one word: "zurückweisen", "zustandekommen"
    headword: str       # as the dictionary spells it: "zurückweisen", "zustande kommen"


WORD_ANALYSES = 65536


@lru_cache(maxsize=1)
def _tagger():
    from HanTa import HanoverTagger

    tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    # HanTa analyses every word anew in every sentence, and that is most of its time; a word's
    # analyses depend on the word alone (its tag candidates) or on word and tag (its lemma), so
    # they are kept per process. Both only read what they return, under _lock.
    tagger.analyze_forward = lru_cache(maxsize=WORD_ANALYSES)(tagger.analyze_forward)
    tagger._analyze = lru_cache(maxsize=WORD_ANALYSES)(tagger._analyze)
    return tagger


def _tokens(sentence: str) -> list[tuple[str, int, int]]:
    """The sentence's tokens; an abbreviation keeps its dot ("Dr.", "bzw.", "z.B."): it ends no clause."""
    tokens: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(sentence):
        text, start, end = match.group(), match.start(), match.end()
        if text == "." and tokens and tokens[-1][2] == start and _abbreviation(tokens[-1][0], sentence[end:]):
            text, start, _ = tokens.pop()
            text += "."
            while tokens and tokens[-1][2] == start and _DOTTED_LETTER.fullmatch(tokens[-1][0]):
                previous, start, _ = tokens.pop()   # "z." before "B.": one token "z.B."
                text = previous + text
        tokens.append((text, start, end))
    return tokens


# HanTa reads an abbreviation's dot as a sentence end and the word as foreign, and then the words
# around it too ("Dr. Stefanie Kramer": FM FM); it is tagged as the word it abbreviates, or as a name.
ABBREVIATED_WORDS = {"dr.": "Doktor", "prof.": "Professor", "mio.": "Millionen", "mrd.": "Milliarden",
                     "tsd.": "Tausend", "bzw.": "oder", "ca.": "etwa", "nr.": "Nummer", "st.": "Sankt",
                     "z.b.": "beispielsweise", "u.a.": "beispielsweise", "vgl.": "siehe"}


def _as_tagged(text: str) -> str:
    if not text.endswith(".") or len(text) < 2:
        return text
    return ABBREVIATED_WORDS.get(text.lower(), text.rstrip("."))


def _abbreviation(word: str, after: str) -> bool:
    """A word that, followed by a dot, abbreviates: "Dr", "bzw", an initial or a dotted one's letter
    ("John F. Kennedy", "z.B"), but not a letter that ends the sentence ("Gruppe A.")."""
    return word.lower() in INTERNAL_ABBREVIATIONS or (len(word) == 1 and word.isalpha() and bool(after.strip()))


@lru_cache(maxsize=4096)
def tag(sentence: str) -> tuple[Token, ...]:
    """The sentence's tokens with lemma and STTS tag (cached: the gloss and the lookup ask alike)."""
    pieces = _tokens(sentence)
    if not pieces:
        return ()
    tagger = _tagger()
    with _lock:  # HanTa keeps state while it tags; one sentence at a time per process
        tagged = tagger.tag_sent([_as_tagged(text) for text, _, _ in pieces], taglevel=1)
    return _repaired(tuple(Token(text, start, end, lemma, _stts(pos))
                           for (text, start, end), (_, lemma, pos) in zip(pieces, tagged)))


def _repaired(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """HanTa's two frequent slips the gloss cannot live with, both about clauses:

    - an article after a comma taken for a relative pronoun ("…, die Ukraine im Stich zu lassen"):
      a relative clause has a finite verb, a stretch up to the next comma without one starts with
      an article;
    - the finite verb that closes a subordinate clause taken for an infinitive or a participle
      ("…, dass die Preise weiter steigen", "…, wie die Zeitung berichtet"): such a clause needs a
      finite verb, and it stands last.
    """
    repaired = list(tokens)
    for index, token in enumerate(tokens):
        if token.pos == "PRELS" and index + 1 < len(tokens) and tokens[index + 1].pos in ("NN", "NE", "ADJA") \
                and not _finite_before_boundary(tokens, index + 1):
            repaired[index] = Token(token.text, token.start, token.end, token.lemma, "ART")
        elif token.pos in ("KOUS", "PRELS", "PWAV", "PWS") and not _finite_before_boundary(tokens, index + 1):
            last = _last_before_boundary(tokens, index + 1)
            if last is not None and tokens[last].pos in INFINITIVE_FINITE:
                verb = tokens[last]
                repaired[last] = Token(verb.text, verb.start, verb.end, verb.lemma, INFINITIVE_FINITE[verb.pos])
    return tuple(repaired)


def _last_before_boundary(tokens: tuple[Token, ...], start: int) -> int | None:
    last = None
    for index in range(start, len(tokens)):
        if tokens[index].text in CLAUSE_END:
            break
        last = index
    return last


def _finite_before_boundary(tokens: tuple[Token, ...], start: int) -> bool:
    for token in tokens[start:]:
        if token.text in CLAUSE_END:
            return False
        if token.pos in FINITE_VERBS:
            return True
    return False


def _stts(pos: str) -> str:
    """HanTa writes "VV(FIN)" for STTS "VVFIN"."""
    return pos.replace("(", "").replace(")", "")


def particle_verbs(tokens: tuple[Token, ...], verb_headword) -> list[ParticleVerb]:
    """Finite verbs whose particle stands at the end of their clause.

    `verb_headword(particle, infinitive)` gives the dictionary's headword of
    the particle verb, or None when there is no such verb: "hielt an der
    Schuldenbremse fest" is *festhalten*, and "an" stays a preposition.
    """
    found = []
    for index, token in enumerate(tokens):
        if not _particle_candidate(tokens, index):
            continue
        verb = _finite_verb_before(tokens, index)
        if verb is None:
            continue
        particle, infinitive = token.text.lower(), tokens[verb].lemma
        if infinitive == "sein":  # "sei bereit" is an adjective after the copula, not a particle verb
            continue
        headword = verb_headword(particle, infinitive)
        if headword:
            found.append(ParticleVerb(verb, index, particle + infinitive, headword))
    return found


def _particle_candidate(tokens: tuple[Token, ...], index: int) -> bool:
    token = tokens[index]
    if token.pos == "PTKVZ":
        return True
    at_clause_end = index + 1 == len(tokens) or tokens[index + 1].text in CLAUSE_END
    return at_clause_end and token.text in PARTICLES


def _finite_verb_before(tokens: tuple[Token, ...], particle: int) -> int | None:
    """The finite verb of the particle's main clause: the nearest one before it that does not itself end a clause."""
    for index in range(particle - 1, -1, -1):
        token = tokens[index]
        if token.pos in FINITE_VERBS and not _ends_clause(tokens, index):
            return index
        if token.text in ".;:!?":
            return None
    return None


def _ends_clause(tokens: tuple[Token, ...], index: int) -> bool:
    """A verb right before a comma closes a subordinate clause ("…, die sich trafen, auf")."""
    return index + 1 < len(tokens) and tokens[index + 1].text in CLAUSE_END


@lru_cache(maxsize=16384)
def morphemes(word: str) -> tuple[tuple[str, str], ...]:
    """HanTa's analysis of a word into (morpheme, kind): "Regierungschefs" → regierung NN, s FUGE, chef NN, s SUF_NN."""
    tagger = _tagger()
    with _lock:
        analysis = tagger.analyze(word, taglevel=3)
    return tuple(analysis[1]) if isinstance(analysis, tuple) and len(analysis) > 1 else ()


def comma_between_adjectives(tokens: tuple[Token, ...], index: int) -> bool:
    """Whether tokens[index] is a comma between the adjectives of one noun, which ends no clause:
    "der glanzlose, aber entscheidende Erfolg", "mehrere, zumeist junge Menschen"."""
    if tokens[index].text != "," or index == 0 or tokens[index - 1].pos not in ("ADJA", "PIAT"):
        return False
    following = index + 1
    while following < len(tokens) and tokens[following].pos in ("KON", "ADV"):
        following += 1
    return following + 1 < len(tokens) and tokens[following].pos == "ADJA" and \
        tokens[following + 1].pos in ("NN", "NNA", "ADJA")


LIST_ITEM_TAGS = frozenset("ART PPOSAT PIAT PDAT CARD ADJA ADV NN NE NNE TRUNC".split())
MAX_LIST_ITEM = 5


def comma_in_list(tokens: tuple[Token, ...], index: int) -> bool:
    """Whether tokens[index] is a comma in a list of nouns that "und", "oder" or "sowie" closes, which ends
    no clause: "bei Schlachtung, Zerlegung und Fleischverarbeitung", "Erdbeeren, Gurken und Kohl"."""
    if tokens[index].text != "," or index == 0 or tokens[index - 1].pos not in ("NN", "NE"):
        return False
    position = index + 1
    while position < len(tokens):
        item = position
        while position < len(tokens) and position - item < MAX_LIST_ITEM and tokens[position].pos in LIST_ITEM_TAGS:
            position += 1
        if position == item or tokens[position - 1].pos not in ("NN", "NE") or position >= len(tokens):
            return False
        token = tokens[position]
        if token.text == ",":
            position += 1
            continue
        return token.pos == "KON" and token.text.lower() in ("und", "oder", "sowie") and position + 1 < len(tokens) \
            and tokens[position + 1].pos in LIST_ITEM_TAGS
    return False

