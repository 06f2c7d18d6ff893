"""The gloss: English from the Ding dictionary when no model is installed, labelled as a gloss.

A shallow-transfer translator: the sentence is tagged (tagging.py) and cut
into clauses (clauses.py), spans are claimed longest and most specific
first, and only what is left is glossed word by word:

0. numbers, times and dates, written the English way (numbers.py);
1. glossary terms (curated; a reader's own are applied afterwards by
   enforcement, through the alignment), in the glossary's case and number;
2. names (entities.py), kept as written; places take Ding's English (Moskau → Moscow);
3. Ding's multi-word entries ("zur Kenntnis nehmen" → take note of), also
   with the verb in second position ("nahm … zur Kenntnis") and with a
   genitive for "von" ("nach Angaben des …");
4. each clause's verb complex as one English verb phrase (verb_complex.py:
   "hatten … abgebrochen" → had broken off, "rechnen nicht" → do not expect),
   separable verbs rejoined with their particle ("wies … zurück" → rejected);
5. single words: number words, degrees, articles and participles as the noun
   phrase says (noun_phrases.py), function words by context, other words one
   ranked Ding sense each; unknown words stay as written.

The pieces are then put in English order (reorder.py): subject, verb
complex, the rest. Every piece's English is recorded in the alignment
(source span → target span), so enforcement can put a reader's own term
where its German stands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace as dataclass_replace
from functools import cached_property
from typing import Sequence

from ..dictionary.ding import lookup_key
from ..dictionary.function_words import in_context, night_to as _night_to_day
from ..dictionary.constructions import GOVERNED
from ..dictionary.context import constructions_of, sense_in_context
from ..english import ENGLISH_PREPOSITIONS, adverb, base_verb, leading_adverb, indefinite_article, plural_noun, quote_hugs
from ..entities import sentence_names
from ..glossary import Glossary, load_terms, plural_rendering
from ..glossary.glossaries import CURATED_TERMS
from ..tagging import FINITE_VERBS, VERB_TAGS, Token, morphemes, particle_verbs, tag
from .clauses import (FRAGMENT, INFINITIVE, MAIN, SUBORDINATE, TIME_WORDS, Clause, clauses, conditionals,
                      it_came_to, noun_phrase)
from .engines import Translation
from .noun_phrases import INJURY_DEGREES, determined_number, english_in_phrase
from .numbers import number_chunks
from .reorder import english_order
from .verb_complex import (AUXILIARIES as AUXILIARY_VERBS, AUXILIARY_ENGLISH, CONDITIONAL, analyse,
                           english as verb_english)

# Part of the cache key: a new algorithm re-glosses what an older one cached.
GLOSS_VERSION = "structure-4"
MAX_PHRASE = 5
LOOKUP_CACHE = 65536   # words whose first dictionary entry an engine keeps
MODIFIER_WORDS = 2   # a compound's start glossed longer than this is more noise than help
NAME_TAGS = ("NE",)
# "nach Angaben des Ministeriums" is Ding's "nach Angaben von": the genitive article stands for "von".
GENITIVE_FOR_VON = {"des": "the", "der": "the", "eines": "a", "einer": "a"}
PLACE = "place"
PERSON = "person"
NAME = "name"
# Ding's reflexive verbs start with the pronoun: "sich handeln um" is "oneself act", the verb is "act".
REFLEXIVE_START = re.compile(r"^(?:oneself|itself|themselves|himself|herself) ")
# Verbs whose adjective describes the subject, not the action: "ist klar" is clear, "sagte klar" clearly.
COPULAS = frozenset("sein werden bleiben scheinen wirken gelten".split())
OBJECT_PLACEHOLDERS = frozenset("etw. jdn. jdm. jds.".split())
# Prepositions that an English verb may end in and its object may start with: "think about" + "about …".
REPEATABLE_WORDS = ENGLISH_PREPOSITIONS | {"about", "into", "over", "by", "up", "out"}
# English writes no comma before these, where German must: "sagte, dass" → said that.
COMMALESS_CONJUNCTIONS = frozenset("dass ob".split())
ORGANISATION = "organisation"
CONSTRUCTION = "construction"
AGED = re.compile(r"(\d+)-?[jJ]ährige?[nmrs]?")
AUXILIARIES = frozenset("sein haben werden".split())
SUBJECT_PRONOUNS = frozenset("ich du er sie es wir ihr man".split())
FUNCTION_TAGS = frozenset("ART APPR APPRART APPO PRELS PRELAT PDS PDAT PPER PPOSAT PRF KON KOUS KOKOM PTKZU PIS PIAT"
                          " PWS PWAV PROAV".split())


@dataclass
class _Chunk:
    """English for some tokens: it stands where the first of them stands."""
    tokens: tuple[int, ...]
    english: str
    kind: str = ""      # NAME for a name, whose words are no verbs; CONSTRUCTION for an idiom


class GlossEngine:
    """Phrase by phrase from the dictionary: no model, no fluency, still useful."""

    name = "gloss"
    model = "phrase gloss (Ding dictionary)"

    def __init__(self, dictionary, glossary: Glossary | None = None):
        self.dictionary = dictionary
        self.version = f"{getattr(dictionary, 'version', 'none')}+{GLOSS_VERSION}"
        self._glossary = glossary
        self._lookups: dict = {}

    @cached_property
    def glossary(self) -> Glossary:
        return self._glossary or Glossary(load_terms(CURATED_TERMS))

    def _first_entry(self, word: str):
        """The dictionary's lookup of a word, first entry only, once per engine: names, plurals, verbs
        and compound starts ask about the same words in sentence after sentence (a lookup may split a
        compound, which costs a millisecond)."""
        found = self._lookups.get(word)
        if found is None:
            if len(self._lookups) >= LOOKUP_CACHE:
                self._lookups.clear()
            found = self._lookups[word] = self.dictionary.lookup(word, limit=1)
        return found

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
        places, persons = self._claim_names(sentence, tokens, occurrences, chunks)
        tagged, tokens = tokens, _names_as_names(tokens, chunks)
        sentence_clauses = clauses(tokens)
        subjects = {i for clause in sentence_clauses for i in clause.subject}
        # "Es gibt keine Hoffnung": there is no hope, not Ding's "jdm. Hoffnung geben" (hold out hope to)
        there_is = {clause.finite for clause in sentence_clauses
                    if clause.finite is not None and _there_is(tokens, clause, tokens[clause.finite].lemma)}
        for construction in constructions_of(self.dictionary, tagged):
            if not subjects.intersection(construction.tokens) and construction.verb not in there_is:
                # "Die Stimmen … wurden gezählt" is no idiom
                self._claim_construction(tagged, construction, chunks)
        self._claim_phrases(tokens, chunks)
        conditional = conditionals(tokens, sentence_clauses)
        plural_nouns, prepositions, adverbs = self._claim_verb_complexes(tagged, tokens, sentence_clauses, chunks,
                                                                         conditional)
        self._claim_particle_verbs(tokens, chunks)
        for index in _commas_english_drops(tokens, sentence_clauses):
            chunks.add(_Chunk((index,), ""))
        for index, token in enumerate(tokens):
            if not chunks.taken(index):
                english = self._word(tagged, index, places, plural_nouns)
                chunks.add(_Chunk((index,), adverb(english) if index in adverbs else english))
        for index in _relative_pronouns_of_persons(tagged, chunks, persons):
            chunks.owner[index].english = "who"
        for index, preposition in prepositions.items():
            chunks.owner[index].english += " " + preposition
        ordered = chunks.ordered(english_order(tokens, sentence_clauses))
        for position in conditional:   # "Sollte der Verein aufsteigen, …": if the club should …
            clause = set(sentence_clauses[position].tokens) | set(sentence_clauses[position].verbs)
            first = next((c for c in ordered if c.english and clause.intersection(c.tokens)), None)
            if first is not None:
                first.english = "if " + first.english
        return _render(sentence, tokens, ordered)

    # -- claims, most specific first

    def _claim_terms(self, tokens: tuple[Token, ...], occurrences, chunks: "_Claims") -> None:
        for occurrence in occurrences:
            covered = _covered(tokens, occurrence.start, occurrence.end)
            # the determiner may say the plural the form does not: "viele der Demonstranten"
            plural = occurrence.plural or tokens[covered[-1]].pos in ("NN", "NNA") and \
                determined_number(tokens, covered[-1], self._gender) == "plural"
            rendering = plural_rendering(occurrence.term) if plural else occurrence.term.en
            modifier = self._modifier(occurrence.modifier)
            chunks.add(_Chunk(covered, f"{modifier} {rendering}" if modifier else rendering))

    @staticmethod
    def _claim_construction(tokens: tuple[Token, ...], construction, chunks: "_Claims") -> None:
        """A construction's English for its words; a verb and its governed preposition keep their places,
        so the object stays between them: "bat die Ministerin um Hilfe" → asked the minister for help."""
        fixed = [i for i in construction.tokens if i != construction.verb and tokens[i].pos != "PRF"]
        verb, _, preposition = construction.english.rpartition(" ")
        if construction.kind == GOVERNED:
            _claim_governed(tokens, construction, chunks)
            return
        if len(fixed) == 1 and tokens[fixed[0]].pos in ("APPR", "APPRART") and verb \
                and preposition in ENGLISH_PREPOSITIONS:
            chunks.add(_Chunk((fixed[0],), preposition))
            chunks.add(_Chunk(tuple(i for i in construction.tokens if i not in fixed), verb, CONSTRUCTION))
        else:
            chunks.add(_Chunk(construction.tokens, construction.english, CONSTRUCTION))

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
        found = self._first_entry(segment)
        english = self.dictionary.gloss(segment) if found.entries and not found.parts else None
        if english and len(english.split()) <= MODIFIER_WORDS:
            return english.removeprefix("the ")
        # A hyphen marks a real word (often a name: "Merkel-Regierung"); the start of a closed
        # compound that Ding does not know is more likely a false split ("Dar|stellung").
        return segment if hyphenated else ""

    def _claim_names(self, sentence: str, tokens: tuple[Token, ...], occurrences,
                     chunks: "_Claims") -> tuple[frozenset[int], frozenset[int]]:
        """Claim the names; answer which tokens are places (English writes no article before most) and
        which are people's names."""
        places, persons = set(), set()
        for mention in sentence_names(sentence, occurrences):
            covered = _covered(tokens, mention.start, mention.end)
            if covered and tokens[covered[0]].start == mention.start and tokens[covered[-1]].end == mention.end:
                after_noun = covered[0] > 0 and tokens[covered[0] - 1].pos in ("NN", "NE")
                chunks.add(_Chunk(covered, self._name(mention, sentence[mention.start:mention.end], after_noun), NAME))
                if mention.kind == PLACE:
                    places.update(covered)
                elif mention.kind == PERSON:
                    persons.update(covered)
        return frozenset(places), frozenset(persons)

    def _name(self, mention, surface: str, after_noun: bool = False) -> str:
        """A name in English: places and multi-word organisations as Ding has them in English (Moskau →
        Moscow, Europäische Kommission → European Commission), people as written; a genitive -s
        becomes the English possessive before its noun (Lawrows Sprecher → Lawrow's) and "of" after
        it (Ostteil Aleppos → of Aleppo)."""
        genitive = surface.endswith("s") and surface[:-1] in (mention.name, mention.name.split()[-1])
        english = None
        if mention.kind == PLACE:
            english = self._place(mention.name)
            prefix = surface[:-len(mention.name)] if surface.endswith("-" + mention.name) else ""
            if prefix:   # "Ost-Aleppo": East Aleppo, the start as Ding or the glossary has it
                start = self._modifier(prefix)
                english = f"{start[:1].upper()}{start[1:]} {english or mention.name}" if start else surface
        elif mention.kind == ORGANISATION and " " in mention.name:
            english = self.dictionary.phrases([lookup_key(mention.name)]).get(lookup_key(mention.name))
            english = english if english and english[:1].isupper() else None
        if genitive:
            return f"of {english or surface[:-1]}" if after_noun else f"{english or surface[:-1]}'s"
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
            following = tokens[covered[-1] + 1] if covered[-1] + 1 < len(tokens) else None
            # an attributive adjective belongs to its noun: "am nächsten Tag" is not Ding's "am nächsten" (nearest)
            if key in found and not _dangles(found[key], tokens[covered[-1]], following) \
                    and tokens[covered[-1]].pos != "ADJA" and not _night_to(tokens, covered[-1]):
                chunks.add(_Chunk((anchor, *[i for i in covered if i != anchor]), f"{found[key]} {tail}".strip()))

    def _claim_verb_complexes(self, tagged: tuple[Token, ...], tokens: tuple[Token, ...],
                              sentence_clauses: list[Clause], chunks: "_Claims",
                              conditional: set[int]) -> tuple[frozenset[int], dict, frozenset[int]]:
        """Each clause's verbs (and its "nicht") as one English verb phrase. A term or an idiom that holds
        the content verb gives its English ("nahm … zur Kenntnis" → took note of) and joins the phrase.

        `tagged` are the tagger's tokens (the senses are looked up in them), `tokens` the same with
        names tagged as names. Answers the subjects' nouns that the verb says are plural, and the
        prepositions that go after an object ("accuse of" + "dem Kanzler" → the chancellor of), and the
        adjectives that say how something is done (English adverbs)."""
        particles = {verb.verb: verb for verb in particle_verbs(tokens, self.dictionary.verb_headword)}
        plural_nouns, prepositions, gerund = set(), {}, False
        earlier_possessive = None   # "ihr" in a later clause's subject: "Die Frau …, als ihr Auto …" → her car
        adverbs = set()
        for position, clause in enumerate(sentence_clauses):
            if not clause.verbs:
                continue
            # a "nicht" that a longer phrase holds says its own "not"; "noch nicht" joins the verb (is not yet)
            negation = tuple(i for i in clause.negation if not chunks.taken(i) or
                             set(chunks.owner[i].tokens) <= set(clause.negation))
            verbs = clause.verbs if clause.borrowed is None else (clause.borrowed, *clause.verbs)
            complex_ = analyse(tokens, verbs, negation, clause.subject, self._intransitive)
            if complex_.lexical is None:
                continue
            particle = particles.get(complex_.lexical)
            covered = {i for i in (*clause.verbs, *negation) if tokens[i].pos != "PTKVZ"}
            if particle is not None:
                covered.add(particle.particle)
            held = chunks.owner[complex_.lexical]
            manner, lexical = leading_adverb(held.english) if held else ("", "")
            lexical = base_verb(lexical) if held else self._verb_sense(tagged, clause, complex_, particle)
            how = complex_.lexical - 1   # "leicht verletzt": slightly injured, the degree before the participle
            if not manner and tokens[how].pos == "ADJD" and tokens[how].lemma.lower() in INJURY_DEGREES and \
                    complex_.lemma == "verletzen" and how in clause.rest and not chunks.taken(how):
                manner = adverb(INJURY_DEGREES[tokens[how].lemma.lower()])
                covered.add(how)
            there_are, happened = False, it_came_to(tokens, clause)
            if not held and (_there_is(tokens, clause, complex_.lemma) or happened is not None):
                lexical = "be"   # "Es gibt keine Einigung": there is no agreement; "keine Hinweise": there are
                chunks.add(_Chunk(clause.subject, "there"))
                there_are = self._plural_follows(tokens, clause)
                if happened is not None:   # "kam es zu Zusammenstößen": there were clashes
                    chunks.add(_Chunk((happened,), "a" if tokens[happened].pos == "APPRART" else ""))
            if clause.kind == SUBORDINATE and tokens[clause.introducer[-1]].text.lower() == "wie":
                # "Wie die Polizei mitteilte": as; "wie viele Menschen": how many
                chunks.add(_Chunk(clause.introducer[-1:], "how" if _asks_how(tokens, clause) else "as"))
            covered = {i for i in covered if not chunks.taken(i) or chunks.owner[i] is held or i in negation}
            if held:
                covered.update(held.tokens)
            grammar = dataclass_replace(complex_.grammar, gerund=gerund and clause.kind == INFINITIVE,
                                        plural=complex_.grammar.plural or there_are)
            if position in conditional and grammar.modal == "sollen":
                grammar = dataclass_replace(grammar, mood=CONDITIONAL)   # "Sollte er kommen": should he come
            english = verb_english(grammar, lexical)
            if manner:   # "wurde schwer verletzt" (Ding: badly injured): was badly injured
                *auxiliaries, last = english.split(" ")
                english = " ".join([*auxiliaries, manner, last]) if auxiliaries else f"{manner} {last}"
            object_end, tail = _object_inside(tokens, clause, lexical, english, held)
            if object_end is not None:
                prepositions[object_end] = tail
                english = english.removesuffix(" " + tail)
            gerund = object_end is not None and tail == "of"
            following = sentence_clauses[position + 1] if position + 1 < len(sentence_clauses) else None
            if english.rpartition(" ")[2] in STRANDED_PREPOSITIONS and not _complement_follows(tokens, clause) \
                    and (following is None or following.kind != INFINITIVE):
                english = english.rpartition(" ")[0]   # "Am Dienstag traf sich der Minister": met, not "met with"
            if _needs_it(tokens, clause, complex_.lemma, following):
                english = "it " + english   # "Zunächst war unklar, wer …": at first it was unclear who
            mid = _mid_adverb(tokens, clause, chunks) if not complex_.grammar.negation else None
            if mid is not None:
                covered.add(mid)
                english = _with_mid_adverb(english, MID_ADVERBS[tokens[mid].text.lower()])
            chunks.absorb(_Chunk(tuple(sorted(covered)), english))
            if complex_.lemma not in COPULAS:   # "wurde leicht verletzt": slightly; "ist leicht": easy
                adverbs.update(i for i in clause.rest if tokens[i].pos == "ADJD" and not tokens[i].text.endswith("er")
                               and not _result(tokens[i], complex_.lemma))
            possessive = _claim_agent_and_possessives(tokens, clause, complex_.grammar, chunks, earlier_possessive)
            earlier_possessive = possessive or earlier_possessive
            if complex_.grammar.plural and not any(tokens[i].pos == "KON" for i in clause.subject):
                plural_nouns.update([i for i in clause.subject if tokens[i].pos in ("NN", "NNA")][:1])
            self._claim_subject_after_noun(tagged, tokens, clause, complex_.grammar.plural, chunks)
            if len(clause.subject) == 1 and tokens[clause.subject[0]].text.lower() == "sie":
                # "sie" is she or they as its verb says: "Doch sind sie rechtens" → are they
                chunks.add(_Chunk(clause.subject, "they" if complex_.grammar.plural else "she"))
        return frozenset(plural_nouns), prepositions, frozenset(adverbs)

    def _claim_subject_after_noun(self, tagged: tuple[Token, ...], tokens: tuple[Token, ...], clause: Clause,
                                  plural: bool, chunks: "_Claims") -> None:
        """A subject right after a noun, not its genitive ("nach einem Unfall der Notarzt"): "the", and
        one of it when the verb says so."""
        first = clause.subject[0] if clause.subject else None
        if first is None or first == 0 or tokens[first].text.lower() != "der" or \
                tokens[first - 1].pos not in ("NN", "NE"):
            return
        chunks.add(_Chunk((first,), "the"))
        head = [i for i in clause.subject if tokens[i].pos in ("NN", "NNA")][:1]
        if head and not plural:
            chunks.add(_Chunk(tuple(head), self._singular(tagged, head[0])))

    def _plural_follows(self, tokens: tuple[Token, ...], clause: Clause) -> bool:
        """Whether the first noun after the verb is plural: what "there is/are" agrees with."""
        noun = next((i for i in clause.rest if tokens[i].pos in ("NN", "NNA") and i > (clause.finite or 0)), None)
        if noun is None:
            return False
        number = determined_number(tokens, noun, self._gender)
        return number == "plural" or number is None and self._is_plural(tokens[noun])

    def _intransitive(self, lemma: str) -> bool:
        """Whether Ding's first entry for the verb takes no object: "rutschen {vi}", "er ist aufgestanden"."""
        entries = self._first_entry(lemma).entries
        if not entries or entries[0].headword.split()[0] in OBJECT_PLACEHOLDERS:
            return False
        return "{vi}" in entries[0].grammar or "ist/war" in entries[0].grammar

    def _verb_sense(self, tokens: tuple[Token, ...], clause: Clause, complex_, particle) -> str:
        """The content verb's English in base form: "sich treffen" → meet, "zurückweisen" → reject."""
        token = tokens[complex_.lexical]
        lemma = particle.headword if particle is not None else complex_.lemma
        if lemma in AUXILIARY_VERBS:   # the clause's only content verb: "ist gut", "wären … erforderlich gewesen"
            return AUXILIARY_ENGLISH[lemma]
        # a construction that holds this verb did not get its words (a term took them): the verb alone
        english = sense_in_context(self.dictionary, tokens, complex_.lexical, constructions=False) \
            or self.dictionary.gloss(lemma) \
            or self.dictionary.gloss(token.text, token.lemma) or token.text
        return REFLEXIVE_START.sub("", english.removeprefix("to "))

    def _claim_particle_verbs(self, tokens: tuple[Token, ...], chunks: "_Claims") -> None:
        for verb in particle_verbs(tokens, self.dictionary.verb_headword):
            finite = f"{tokens[verb.verb].text} {tokens[verb.particle].text}"
            english = self.dictionary.gloss(finite, verb.headword)
            if english:
                chunks.add(_Chunk((verb.verb, verb.particle), english))

    # -- single words

    def _word(self, tokens: tuple[Token, ...], index: int, places: frozenset[int],
              plural_nouns: frozenset[int]) -> str:
        token = tokens[index]
        aged = AGED.fullmatch(token.text)
        if aged:
            return f"{aged.group(1)}-year-old"   # "der 51-Jährige", "eine 44jährige Fahrerin"
        if not token.is_word or token.text[:1].isdigit() or _is_acronym(token.text):
            return token.text   # "TV", "CF", "VW": English writes them alike (Ding's "Tuvalu" is a country code)
        in_phrase = english_in_phrase(tokens, index, self.dictionary.gloss, places)
        if in_phrase is not None:
            return in_phrase
        if token.text.lower() == "bei" and index + 1 in places:
            return "near"   # "bei Schönthal": near the town
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
        return self._content_word(tokens, index, plural_nouns)

    def _content_word(self, tokens: tuple[Token, ...], index: int, plural_nouns: frozenset[int]) -> str:
        """A noun, adjective or adverb in the sense its sentence asks; a plural noun in the plural
        (`plural_nouns`: subjects whose verb is plural, "die Helfer retteten")."""
        token = tokens[index]
        number = determined_number(tokens, index, self._gender) if token.pos in ("NN", "NNA") else None
        if number == "plural" or number is None and token.pos in ("NN", "NNA") and (
                self._is_plural(token) or index in plural_nouns):
            # Ding's own plural where the form has one ("Menschen" → people), else the sense's
            sense = sense_in_context(self.dictionary, tokens, index)
            # a word Ding does not know stays as written, not in an English plural ("Terawattstundens")
            form = self._plural_form(token)   # Ding's English of a form may be singular ("Demonstranten")
            words = form.split() if form else []
            if words and number == "plural" and words[-1].isalpha() and words[-1].islower() and \
                    not ENGLISH_PREPOSITIONS.intersection(words) and "per" not in words:
                form = plural_noun(form)
            return form if form else \
                (plural_noun(sense) if sense else token.text)
        return self._singular(tokens, index)

    def _singular(self, tokens: tuple[Token, ...], index: int) -> str:
        token = tokens[index]
        return sense_in_context(self.dictionary, tokens, index) or self.dictionary.gloss(token.text) or token.text

    def _gender(self, lemma: str) -> str | None:
        grammar = self.dictionary.noun_grammar(lemma)
        return grammar[0] if grammar else None

    def _plural_form(self, token: Token) -> str | None:
        """Ding's English for a plural noun form where Ding lists the form as a noun's ("Menschen" →
        people, "Seiten" → sides); None for a form that is also a verb's ("Spenden": to give)."""
        if token.text == token.lemma:
            return None
        entries = self._first_entry(token.text).entries
        if not entries or not any(word[:1].isupper() for word in entries[0].headword.split()):
            return None
        return self.dictionary.gloss(token.text)

    def _is_plural(self, token: Token) -> bool:
        """Whether a noun stands in the plural: its form is the plural Ding gives ("Jahre", "Jahren")."""
        if token.text == token.lemma:
            return False
        grammar = self.dictionary.noun_grammar(token.lemma)
        return bool(grammar and grammar[1]) and token.text in (grammar[1], grammar[1] + "n")

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
        found = self._first_entry(token.text)
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

    def absorb(self, chunk: _Chunk) -> None:
        """Claim the chunk's tokens, taking over the chunks it swallows whole."""
        for i in chunk.tokens:
            self.owner[i] = chunk

    def ordered(self, order: list[int]) -> list[_Chunk]:
        """Each chunk once, where the first of its tokens stands in `order` (English order)."""
        seen, chunks = set(), []
        for index in order:
            chunk = self.owner[index]
            if chunk is not None and id(chunk) not in seen:
                seen.add(id(chunk))
                chunks.append(chunk)
        return chunks


def _names_as_names(tokens: tuple[Token, ...], chunks: _Claims) -> tuple[Token, ...]:
    """The tokens with every word of a name tagged as a name: "Mohammed *bin* Abdulrahman" has no verb
    "bin", "Ursula von der *Leyen*" is no plural noun."""
    return tuple(dataclass_replace(token, pos="NE") if token.is_word and chunks.owner[index] is not None
                 and chunks.owner[index].kind == NAME else token for index, token in enumerate(tokens))


# What follows "von"/"durch" when it names the agent of a passive (a noun phrase).
AGENT_STARTS = frozenset("ART PPOSAT PDAT PIAT NN NE ADJA".split())
# Prepositions an English verb cannot end a clause with (particles like "out" or "up" it can).
STRANDED_PREPOSITIONS = frozenset("with of to for about at from by into".split())
COMPLEMENT_TAGS = frozenset("NN NE NNA PPER PIS PDS PROAV APPR APPRART CARD PWS PRELS".split())


def _claim_governed(tokens: tuple[Token, ...], construction, chunks: _Claims) -> None:
    """A verb and the preposition it governs: the English verb's own preposition where the German one
    stands ("dachte an seine Frau" → thought about his wife), none where English takes an object
    ("erinnerte an die Opfer" → remembered the victims); a contraction keeps its article ("zur")."""
    preposition = next(i for i in construction.tokens if i != construction.verb)
    verb, _, last = construction.english.rpartition(" ")
    if not (verb and last in GOVERNED_ENGLISH):
        verb, last = construction.english, ""
    article = "the" if tokens[preposition].pos == "APPRART" else ""
    chunks.add(_Chunk((preposition,), " ".join(filter(None, [last, article]))))
    chunks.add(_Chunk((construction.verb,), verb))


# What an English verb's governed preposition may be ("think about", "belong to", "take care of").
GOVERNED_ENGLISH = ENGLISH_PREPOSITIONS | {"about", "into", "over", "by", "up", "out", "on", "after", "upon", "onto"}


# The English of a noun for people: "the driver, who", "the minister, who" (German: Fahrer, Ministerin).
PERSON_ENDINGS = ("er", "or", "ist", "ian", "ent", "ant", "man", "woman", "men", "women", "people", "person",
                  "child", "children", "official", "officials", "ers", "ists", "ians", "ents", "ants", "persons")
NOT_PERSONS = frozenset("""number water paper power order letter matter border summer winter computer finger
    error center centre layer quarter chapter river tower theater theatre register monster meter parliament
    floor door motor color colour mirror sensor factor sector indoor outdoor corridor vector tractor
    government department agreement statement movement management moment element document percent""".split())


def _relative_pronouns_of_persons(tokens: tuple[Token, ...], chunks: _Claims, persons: frozenset[int]) -> list[int]:
    """The relative pronouns ("der", "die" after a comma) whose noun names people: English says who."""
    found = []
    for index, token in enumerate(tokens):
        if token.pos != "PRELS" or index < 2 or tokens[index - 1].text != "," or chunks.owner[index].english != "which":
            continue
        noun = index - 2
        if noun in persons or tokens[noun].pos in ("NN", "NNA") and _names_people(chunks.owner[noun].english):
            found.append(index)
    return found


def _names_people(english: str) -> bool:
    head = english.split(" of ")[0].rsplit(" ", 1)[-1].lower()   # "driver of a vehicle": driver
    return head not in NOT_PERSONS and head.endswith(PERSON_ENDINGS) and len(head) > 3


# Adverbs English puts inside the verb phrase: "hat bereits geäußert" → already expressed, "wurde auch
# verletzt" → was also injured, "ist nie gewesen" → has never been.
MID_ADVERBS = {"bereits": "already", "schon": "already", "auch": "also", "nie": "never", "niemals": "never",
               "oft": "often", "häufig": "often", "stets": "always"}
# What an adverb stands before when it is about that word, not the verb: "auch die Polizei", "schon 100 Menschen".
FOCUSED = frozenset("CARD ART PPOSAT PDAT PIAT NN NE NNE PPER PDS PIS".split())


def _mid_adverb(tokens: tuple[Token, ...], clause: Clause, chunks: _Claims) -> int | None:
    """The clause's first adverb after its verb (German order) when English puts it in the verb phrase."""
    after = [i for i in clause.rest if i not in clause.vorfeld]
    if not after or clause.kind == FRAGMENT or clause.kind == INFINITIVE and clause.introducer:
        return None   # "um auch … erfüllen zu können" stays: in order to meet … also
    first = after[0]
    if tokens[first].text.lower() not in MID_ADVERBS or tokens[first].pos != "ADV" or chunks.taken(first):
        return None
    following = tokens[first + 1] if first + 1 < len(tokens) else None
    return None if following is not None and following.pos in FOCUSED else first


def _with_mid_adverb(english: str, adverb: str) -> str:
    """After the first auxiliary or "be" ("has already", "was also"), else before the verb (already said)."""
    first, _, rest = english.partition(" ")
    if rest and first not in ("to", "there", "it") or first in ("is", "are", "was", "were", "am"):
        return " ".join(filter(None, [first, adverb, rest]))
    return f"{adverb} {english}"


def _complement_follows(tokens: tuple[Token, ...], clause: Clause) -> bool:
    """Whether the clause has a word that an English verb's preposition could govern, after the verb in
    English order (a main clause's opening adverbial stays before it)."""
    before = set(clause.vorfeld) if clause.kind == MAIN else set()
    return any(tokens[i].pos in COMPLEMENT_TAGS for i in clause.rest if i not in before)


DANGLING_ENDS = frozenset("of than to with from by".split())
CONTENT_ENDS = frozenset("NN NE NNA ADV ADJD ADJA PTKVZ".split())
PHRASE_STARTS = frozenset("ART PPOSAT PDAT PIAT PIDAT NN NE CARD ADJA".split())   # a noun phrase


def _night_to(tokens: tuple[Token, ...], last: int) -> bool:
    """ "in der Nacht zum Samstag" is the night to Saturday, not Ding's "in der Nacht" (at night) + to."""
    return tokens[last].text == "Nacht" and last + 1 < len(tokens) and _night_to_day(tokens, last + 1)


def _dangles(english: str, last: Token, following: Token | None) -> bool:
    """Whether a phrase's English ends in a word that waits for what the German does not have: "die
    Lage sei" is not "the lay of" (the land), "gingen weiter" not "go further than"; "im Vorfeld der
    Gespräche" is "ahead of" the talks, "nach Angaben des" "according to" the."""
    if english.rpartition(" ")[2] not in DANGLING_ENDS or last.pos not in CONTENT_ENDS:
        return False
    return following is None or following.pos not in PHRASE_STARTS


def _asks_how(tokens: tuple[Token, ...], clause: Clause) -> bool:
    """Whether "wie" asks a degree ("wie viele", "wie lange", "wie groß"): then it is "how"."""
    after = clause.introducer[-1] + 1
    return after < len(tokens) and tokens[after].pos in ("PIAT", "PIDAT", "PIS", "ADJD", "ADV", "ADJA")


def _claim_agent_and_possessives(tokens: tuple[Token, ...], clause: Clause, grammar, chunks: _Claims,
                                 earlier: str | None = None) -> str | None:
    """The words of a clause whose English its verb decides: a passive's agent after "von"/"durch" is
    "by" ("wurde von der Polizei festgenommen"), "ihr" is her, its or their after the subject; in the
    subject itself, as an earlier clause's subject says (`earlier`: "Die Frau …, als ihr Auto …").
    Answers what "ihr" means after this clause's subject, for the clauses after it."""
    possessive = _her_or_its(tokens, clause, grammar.plural)
    for i in clause.rest:
        word = tokens[i].text.lower()
        if grammar.passive and word in ("von", "durch") and _names_agent(tokens, i):
            chunks.add(_Chunk((i,), "by"))
        elif possessive and tokens[i].pos == "PPOSAT" and word.startswith("ihr"):
            chunks.add(_Chunk((i,), possessive))
    for i in clause.subject if earlier else ():
        if tokens[i].pos == "PPOSAT" and tokens[i].text.lower().startswith("ihr"):
            chunks.add(_Chunk((i,), earlier))
    return possessive


FEMALE_PERSONS = frozenset("Frau Mutter Tochter Schwester Dame Königin".split())


def _result(adjective: Token, verb: str) -> bool:
    """An adjective that says what the verb found, not how it did it: "positiv getestet" → tested positive."""
    return verb == "testen" and adjective.lemma.lower() in ("positiv", "negativ")


def _her_or_its(tokens: tuple[Token, ...], clause: Clause, plural: bool) -> str | None:
    """What "ihr", "ihre" … mean after the clause's subject: their after a plural, her after a woman
    ("sie", "die Ministerin", a name), its after a thing ("die Regierung … ihre Pläne"); None when the
    clause has no subject to go by."""
    nouns = [i for i in clause.subject
             if tokens[i].pos in ("NN", "NNA", "NE", "PPER") or AGED.fullmatch(tokens[i].text)]
    if not nouns or plural:
        return "their" if nouns else None
    head = tokens[nouns[-1]]
    first = tokens[clause.subject[0]].text.lower()
    if AGED.fullmatch(head.text):   # "die 21-Jährige … ihr Auto": her car ("ihr" is not his)
        return "her" if first in ("die", "eine") else None
    if head.pos == "PPER" and head.text.lower() == "sie" or head.pos == "NE" or head.lemma in FEMALE_PERSONS \
            or head.pos == "NN" and head.lemma.endswith("in") and head.lemma[:1].isupper():
        return "her"
    return "its" if head.pos == "NN" else None


def _names_agent(tokens: tuple[Token, ...], index: int) -> bool:
    """Whether "von"/"durch" at index opens a noun phrase that can be a passive's agent: not a time
    ("von Montag bis Freitag", "von 8 Uhr an")."""
    after = tokens[index + 1:index + 5]
    return bool(after) and after[0].pos in AGENT_STARTS and not any(t.text.lower() == "bis" or t.text in TIME_WORDS for t in after)


def _needs_it(tokens: tuple[Token, ...], clause: Clause, lemma: str, following: Clause | None) -> bool:
    """Whether English needs the "it" German leaves out before a clause that is the subject: a main
    clause of a copula and an adjective, no subject, a "dass", "ob" or question clause after it."""
    return clause.kind == MAIN and not clause.subject and lemma in COPULAS and following is not None \
        and following.kind == SUBORDINATE and bool(following.introducer) \
        and any(tokens[i].pos == "ADJD" for i in clause.rest) and _commaless(tokens, following.introducer[0])


def _commaless(tokens: tuple[Token, ...], introducer: int) -> bool:
    """Whether English writes no comma before a clause this word introduces: "that", "whether", and
    the question words of an indirect question ("unclear who"), but not "as" (wie)."""
    word = tokens[introducer]
    return word.text.lower() in COMMALESS_CONJUNCTIONS or (word.pos in ("PWS", "PWAV", "PWAT")
                                                           and word.text.lower() != "wie")


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 5 and word.isalpha() and word.isupper()


def _there_is(tokens: tuple[Token, ...], clause: Clause, lemma: str) -> bool:
    return lemma == "geben" and len(clause.subject) == 1 and tokens[clause.subject[0]].text.lower() == "es"


def _object_inside(tokens: tuple[Token, ...], clause: Clause, lexical: str, english: str,
                   held: _Chunk | None) -> tuple[int | None, str]:
    """Where English puts the object inside the verb phrase: a verb of one word and "of" before the "of"
    ("warf dem Kanzler vor" → accused the chancellor of), a light-verb construction after its verb
    ("brachten die Menschen in Sicherheit" → brought the people to safety). Answers the object's last
    token and the English that goes after it, or (None, "") when nothing moves."""
    words = lexical.split()
    if len(words) == 2 and words[1] == "of" and clause.finite is not None:
        tail = "of"   # only a verb and its "of": "take note of" keeps its object after it
    elif held is not None and held.kind == CONSTRUCTION and len(words) > 1 and words[-1] not in REPEATABLE_WORDS:
        tail = " ".join(english.split()[-(len(words) - 1):])
    else:
        return None, ""
    taken = set(held.tokens) if held is not None else set()
    after = tuple(i for i in clause.rest if i not in taken and
                  (clause.kind != MAIN or clause.finite is None or i > clause.finite))
    phrase = noun_phrase(tokens, after, 0)
    if not phrase or tokens[phrase[0]].pos in ("PPER", "PIS", "PDS") and tail != "of":
        return None, ""
    return phrase[-1], tail


def _commas_english_drops(tokens: tuple[Token, ...], sentence_clauses: list[Clause]) -> list[int]:
    """The commas before a "zu" infinitive or a "dass" clause: "begann, … zurückzufahren" → began to scale back."""
    drops = []
    for clause in sentence_clauses:
        before = clause.tokens[0] - 1
        if before > 0 and tokens[before].text == "," and (
                clause.kind == INFINITIVE and not clause.introducer or
                clause.introducer and _commaless(tokens, clause.introducer[0])):
            drops.append(before)
    return drops


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
            if all(tokens[i].pos in FUNCTION_TAGS for i in span) and len(span) < 3 and \
                    not any(tokens[i].pos == "PIS" for i in span):
                continue  # "bei dem" is no phrase worth Ding's idioms ("at which"); "vor allem", "nach wie vor" are
            if tokens[first].text.lower() in SUBJECT_PRONOUNS:
                break  # Ding's conjugation examples ("ich/er/sie warf": I threw) are no idioms
            if last == first + 1 and tokens[last].pos == "PTKVZ":
                continue  # "kündigte an" is a form Ding lists; the separable verb step glosses it
            words = [tokens[i].text.lower() for i in span]
            if last > first:  # one word alone is no phrase, but it may close an idiom ("stelle … infrage")
                candidates.setdefault(" ".join(words), (first, span, ""))
            if words[-1] in GENITIVE_FOR_VON:
                candidates.setdefault(" ".join(words[:-1] + ["von"]), (first, span, GENITIVE_FOR_VON[words[-1]]))
            if last == first and tokens[first].pos == "PTKVZ":
                continue  # "gingen … weiter" is weitergehen (the particle-verb step), not "weiter gehen als"
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
        first_word, _, rest = english.partition(" ")
        if (first_word in REPEATABLE_WORDS or first_word == "the") and (text.endswith(" " + first_word)
                                                                     or text.lower() == first_word):
            if not rest:
                continue   # "met with" + "with his colleague"; "according to the" + "the police": one "the"
            english = rest
        if english == "a" and position + 1 < len(chunks):
            english = indefinite_article(chunks[position + 1].english)   # "ein Angebot": an offer
        if text and english[0] not in NO_SPACE_BEFORE and text[-1] not in NO_SPACE_AFTER \
                and not quote_hugs(text, english):
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
