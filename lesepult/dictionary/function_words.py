"""Glosses of German function words (articles, pronouns, prepositions …), one sense each.

Ding lists these with dozens of senses; a gloss needs the usual one, and
for a few words the sentence says which: `in_context` reads the tagger's
parts of speech around the word ("sie sagten" → they, "mehr als" → than,
"der Rat der Union" → of the).
"""
from __future__ import annotations

from ..tagging import FINITE_VERBS

WEEKDAYS = frozenset("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag Wochenende".split())
NOUN_TAGS = ("NN", "NE", "NNA")
COMPARATIVES = frozenset("mehr weniger eher lieber früher später anders".split())
# Relative pronouns (the tagger's PRELS); "who" would need to know the noun is a person.
RELATIVE_PRONOUNS = {"der": "which", "die": "which", "das": "which", "den": "which", "dem": "which",
                     "denen": "which", "dessen": "whose", "deren": "whose"}
# Pronouns that pick one of a genitive plural: "einer der Wortführer", "keines der Länder".
ONE_OF = frozenset("einer eine eines einem einen keiner keine keines".split())
# … and a number of them: "mehrere der 120 Nashörner" → several of the 120 rhinos, "zwei der Verletzten".
SOME_OF = frozenset("mehrere viele einige wenige manche beide zwei drei vier fünf sechs sieben acht neun zehn".split())


def picks_of(token) -> bool:
    """Whether a pronoun or number picks from the genitive plural after it: "einer der", "mehrere der"."""
    word = token.text.lower()
    return token.pos in ("PIS", "ART") and word in ONE_OF or \
        token.pos in ("PIS", "PIAT", "CARD") and (word in SOME_OF or word.isdigit())
# Genitive articles after a noun: "die Mitglieder der Union" → "the members of the Union".
GENITIVE_AFTER_NOUN = {"der": "of the", "des": "of the", "eines": "of a", "einer": "of a"}

# Quantifiers and other determiners, in every inflected form: HanTa tags some as adjectives
# ("vielen", "weiteren"), whose comparative reading would be wrong ("weitere" is further, not "more way").
QUANTIFIERS: dict[str, str] = {
    **dict.fromkeys("alle aller allen allem sämtliche sämtlicher sämtlichen".split(), "all"),
    **dict.fromkeys("einige einiger einigen einigem".split(), "some"),
    "einiges": "a few things",
    **dict.fromkeys("viele vieler vielen".split(), "many"),
    **dict.fromkeys("viel vieles".split(), "much"),
    **dict.fromkeys("wenige wenigen".split(), "few"),
    "wenig": "little", "weniger": "less",
    **dict.fromkeys("mehrere mehrerer mehreren".split(), "several"),
    **dict.fromkeys("zahlreiche zahlreicher zahlreichen".split(), "numerous"),
    **dict.fromkeys("jede jeder jedem jeden jedes".split(), "every"),
    **dict.fromkeys("manche mancher manchen".split(), "some"),
    **dict.fromkeys("solche solcher solchen solches".split(), "such"),
    **dict.fromkeys("weitere weiterer weiteren weiteres".split(), "further"),
    **dict.fromkeys("andere anderer anderen anderem anderes".split(), "other"),
    **dict.fromkeys("beide beiden beider".split(), "both"),
}
# After an article, "beiden" counts: "die beiden Gruppen" are the two groups.
COUNTED_AFTER_ARTICLE = {"beiden": "two", "beide": "two", "wenigen": "few", "vielen": "many", "anderen": "other"}

FUNCTION_WORD_GLOSSES: dict[str, str] = {
    **QUANTIFIERS,
    # articles
    "der": "the", "die": "the", "das": "the", "den": "the", "dem": "the", "des": "of the",
    "ein": "a", "eine": "a", "einen": "a", "einem": "a", "einer": "a", "eines": "of a",
    "kein": "no", "keine": "no", "keinen": "no", "keinem": "no", "keiner": "no one",
    # personal and reflexive pronouns
    "ich": "I", "du": "you", "er": "he", "sie": "she", "Sie": "you", "es": "it",
    "wir": "we", "ihr": "their", "mich": "me", "dich": "you", "sich": "oneself",
    "uns": "us", "euch": "you", "ihn": "him", "ihm": "him", "ihnen": "them", "Ihnen": "you",
    "mir": "me", "dir": "you", "man": "one",
    # possessives and demonstratives
    "mein": "my", "meine": "my", "dein": "your", "sein": "his", "seine": "his",
    "seinen": "his", "seinem": "his", "seiner": "his", "seines": "his", "ihre": "their",
    "ihren": "their", "ihrem": "their", "ihrer": "their", "ihres": "their", "unser": "our",
    "unserer": "our", "unseres": "our", "unserem": "our", "meiner": "my", "meines": "my", "meinem": "my",
    "meinen": "my",
    "unsere": "our", "unseren": "our", "dieser": "this", "diese": "this", "dieses": "this",
    "diesen": "this", "diesem": "this", "jener": "that", "welche": "which", "welcher": "which",
    "alles": "everything", "nichts": "nothing", "etwas": "something", "selbst": "self",
    # prepositions (and their contractions)
    "in": "in", "im": "in the", "ins": "into the", "an": "at", "am": "at the", "ans": "to the",
    "auf": "on", "aus": "from", "bei": "at", "beim": "at the", "mit": "with", "nach": "after",
    "von": "of", "vom": "from the", "zu": "to", "zum": "to the", "zur": "to the",
    "für": "for", "über": "about", "unter": "under", "vor": "before", "hinter": "behind",
    "neben": "beside", "zwischen": "between", "durch": "through", "gegen": "against",
    "ohne": "without", "um": "around", "bis": "until", "seit": "since", "wegen": "because of",
    "trotz": "despite", "während": "during", "laut": "according to", "zufolge": "according to",
    "gegenüber": "opposite", "hinsichtlich": "regarding", "innerhalb": "within",
    # conjunctions
    "und": "and", "oder": "or", "aber": "but", "denn": "because", "sondern": "but rather",
    "dass": "that", "ob": "whether", "weil": "because", "wenn": "if", "als": "as",
    "wie": "how", "da": "there", "doch": "yet", "sowie": "as well as",
    "falls": "in case", "obwohl": "although", "bevor": "before", "nachdem": "after",
    "damit": "so that", "sodass": "so that", "sowohl": "both",
    # adverbs and particles
    "nicht": "not", "auch": "also", "noch": "still", "schon": "already", "nur": "only",
    "sehr": "very", "so": "so", "dann": "then", "dort": "there", "hier": "here", "jetzt": "now",
    "nun": "now", "heute": "today", "wieder": "again", "immer": "always", "mehr": "more",
    "kaum": "hardly", "zudem": "moreover", "bereits": "already", "etwa": "about", "ja": "yes",
    "mindestens": "at least",
    "nein": "no", "sonst": "otherwise", "dabei": "in doing so", "dazu": "to that",
    "danach": "afterwards",
    "darauf": "on it", "daher": "therefore", "deshalb": "therefore", "also": "so",
    "sogar": "even", "ebenfalls": "likewise", "gerade": "just", "allerdings": "however",
    "jedoch": "however", "trotzdem": "nevertheless", "zusammen": "together",
    "miteinander": "with each other", "womit": "with which",
    # question words and relatives
    "was": "what", "wer": "who", "wo": "where", "wann": "when", "warum": "why", "wem": "whom",
    "wen": "whom", "dessen": "whose", "deren": "whose",
    # auxiliaries and modals
    "ist": "is", "sind": "are", "war": "was", "waren": "were", "sei": "be", "seien": "be",
    "wäre": "would be", "bin": "am", "bist": "are", "gewesen": "been", "wird": "will",
    "werden": "will", "wurde": "was", "wurden": "were", "würde": "would",
    "worden": "been", "werde": "will", "hat": "has", "haben": "have", "hatte": "had",
    "hatten": "had", "hätten": "would have", "hätte": "would have", "habe": "have",
    "kann": "can", "können": "can", "konnte": "could", "muss": "must", "müssen": "must",
    "soll": "shall", "sollte": "should", "sollen": "should", "will": "wants",
    "wollen": "want", "wollte": "wanted", "darf": "may", "dürfen": "may", "mag": "likes",
    "möchte": "would like",
    # abbreviations (tagging keeps their dot)
    "dr.": "Dr.", "prof.": "Prof.", "mio.": "million", "mrd.": "billion", "tsd.": "thousand", "bzw.": "or",
    "ca.": "about", "nr.": "no.", "st.": "St.", "z.b.": "e.g.", "u.a.": "among others", "vgl.": "cf.",
    # old spellings and contractions
    "ums": "around the", "daß": "that",
    # small numbers
    "zwölf": "twelve", "zwei": "two", "drei": "three", "vier": "four", "fünf": "five", "zehn": "ten",
}


def in_context(tokens, index: int) -> str | None:
    """The gloss of the function word at tokens[index] in its sentence; None when it is not one.

    `tokens` are tagging.Token: text, lemma and STTS part of speech.
    """
    token = tokens[index]
    word = token.text.lower()
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if token.pos == "PRF":
        return ""  # "hat sich geeinigt": English has no reflexive here
    if word == "laut" and token.pos != "APPR":
        return None   # "so laut wie": loud; only the preposition is "according to"
    if token.pos == "PRELS" and word in RELATIVE_PRONOUNS:
        return RELATIVE_PRONOUNS[word]  # "die AfD, die … geworden war": which, not "the"
    if token.pos == "PDS" and word in ("das", "dies"):
        # "sagte das": said that; "Das sind gut 21 Prozent": these are
        return "these" if after is not None and after.text.lower() in ("sind", "waren") else "that"
    if word == "der" and token.pos == "ART" and before is not None and before.pos in ("NE", "PPER") \
            and _speech_verb_in(tokens):
        return "to the"   # "sagte Pistorius der Zeitung", "sagte er der Zeitung": a dative, said to the
    if word in ("des", "eines") and before is not None and before.text.lower() in GENITIVE_PREPOSITIONS:
        return "the" if word == "des" else "a"   # "während des Spiels": during the game
    if word in GENITIVE_AFTER_NOUN and token.pos == "ART" and before is not None and before.pos in NOUN_TAGS:
        return GENITIVE_AFTER_NOUN[word]
    if token.pos == "PPOSAT" and word.endswith(("er", "es")) and word not in ("unser", "euer") and \
            before is not None and before.pos in NOUN_TAGS and word in FUNCTION_WORD_GLOSSES:
        return "of " + FUNCTION_WORD_GLOSSES[word]   # "eine Fortsetzung seiner Karriere": of his career
    # (HanTa may tag it an article, but no article stands before "der" or "von")
    if token.pos in ("PIS", "ART") and word in ONE_OF and after is not None and after.text.lower() in ("der", "des", "von"):
        return "none" if word.startswith("k") else "one"   # "einer der Wortführer": one of the spokesmen
    if token.pos == "PIS" and word in ("einer", "eine", "eines", "eins"):
        return "one"   # "einer kam ins Krankenhaus": one (of them) came
    if word in ("der", "des") and token.pos == "ART" and before is not None and picks_of(before):
        return "of the"
    if word in QUANTIFIERS:
        return _quantifier(word, before)
    if token.pos == "APPR":
        governed = _noun_preposition(tokens, index) or ("to" if word == "auf" and night_to(tokens, index) else None)
        if governed:
            return governed
    rule = _RULES.get(word)
    return rule(token, before, after, tokens, index) if rule else FUNCTION_WORD_GLOSSES.get(word)


SPEECH_VERBS = frozenset("sagen erklären mitteilen berichten bestätigen versichern erzählen".split())


def _speech_verb_in(tokens) -> bool:
    return any(t.lemma in SPEECH_VERBS for t in tokens if t.pos in FINITE_VERBS)


def _quantifier(word: str, before) -> str:
    """ "die beiden Gruppen" → the two, "die Daten aller Bürger" → of all (a genitive after its noun)."""
    if before is not None and before.pos in ("ART", "PPOSAT", "PDAT") and word in COUNTED_AFTER_ARTICLE:
        return COUNTED_AFTER_ARTICLE[word]
    if before is not None and before.pos in NOUN_TAGS and word.endswith("er") and word != "weniger":
        return "of " + QUANTIFIERS[word]
    return QUANTIFIERS[word]


def _sie(token, before, after, tokens, index) -> str:
    verb = _nearest_finite_verb(tokens, index)
    return "they" if verb is not None and verb.text.endswith("n") else "she"


def _nearest_finite_verb(tokens, index: int):
    nearby = [t for t in tokens[max(0, index - 2):index + 3] if t.pos in FINITE_VERBS]
    return nearby[0] if nearby else None


def _als(token, before, after, tokens, index) -> str:
    if token.pos == "KOUS":
        return "when"
    comparative = before is not None and (before.text.lower() in COMPARATIVES or
                                          (before.pos in ("ADJD", "ADV") and before.text.endswith("er")))
    return "than" if comparative else "as"


# Nouns of a source: "nach Angaben der Polizei", "nach unseren Informationen" → according to.
SOURCE_NOUNS = frozenset("""Angabe Information Ansicht Meinung Auffassung Einschätzung Wort Bericht Schätzung
    Darstellung Aussage Erkenntnis Medienbericht Polizeiangabe Umfrage Prognose Berechnung Stand""".split())


def _nach(token, before, after, tokens, index) -> str:
    if any(t.lemma in SOURCE_NOUNS for t in tokens[index + 1:index + 4] if t.pos in NOUN_TAGS):
        return "according to"
    if after is not None and after.text == "Hause":
        return ""   # "nach Hause": home
    return "to" if after is not None and after.pos == "NE" else "after"


def _ueber(token, before, after, tokens, index) -> str:
    return "over" if after is not None and after.pos == "CARD" else "about"


def _am(token, before, after, tokens, index) -> str:
    """ "am Montag", "am Freitagabend", "am späten Samstagabend", "am 3. Mai" → on; else "at the"."""
    following = next((t for t in tokens[index + 1:] if t.pos != "ADJA"), None)
    if following is not None and (is_day(following.text) or following.text[:1].isdigit() or following.text == "Tag"):
        return "on the" if following is not after else "on"
    return "at the"


DAY_PARTS = ("morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht")


def is_day(word: str) -> bool:
    """A weekday, the weekend or part of a weekday: "Montag", "Wochenende", "Freitagabend"."""
    return word in WEEKDAYS or any(word.endswith(part) and word[:-len(part)] in WEEKDAYS for part in DAY_PARTS)


# After "an", these open an accusative, which is a direction: "an die Presse" → to the press.
ACCUSATIVE_OPENERS = frozenset("""die das eine einen ein seine ihre diese unsere meine alle ihn sie mich dich uns euch
    seinen ihren diesen unseren""".split())


def _an(token, before, after, tokens, index) -> str:
    """ "an die Presse", "an den Organisator" (a direction) → to; "an der Grenze" → at; "an die 100" → about."""
    if after is None or token.pos != "APPR":
        return "at"
    word = after.text.lower()
    following = tokens[index + 2] if index + 2 < len(tokens) else None
    if word == "die" and following is not None and following.pos == "CARD":
        return "about"
    noun = next((t for t in tokens[index + 2:index + 5] if t.pos in NOUN_TAGS), None)
    # "an den Organisator": a singular noun after "den" is accusative; "an den Grenzen" is a dative plural
    singular_den = word == "den" and noun is not None and noun.text.lower() == noun.lemma.lower()
    return "to" if word in ACCUSATIVE_OPENERS or singular_den else "at"


# Events one is hurt or caught "in", not "at": "bei einem Unfall" → in an accident.
EVENT_NOUNS = frozenset("""Unfall Verkehrsunfall Zusammenstoß Brand Feuer Explosion Anschlag Angriff Unglück Absturz
    Kollision Schießerei Auseinandersetzung Streit Zwischenfall Vorfall Überfall Einbruch Razzia Kontrolle
    Durchsuchung Wahl Abstimmung Landtagswahl Bundestagswahl Kommunalwahl Bürgerschaftswahl Europawahl Umfrage
    Sturz Crash Erdbeben Hochwasser Unwetter Sturm Gefecht Kampf Kämpfe Luftangriff Protest Protesten
    Demonstration Krawall Krawallen Ausschreitungen Unruhen""".split())


def _bei(token, before, after, tokens, index) -> str:
    """ "bei einem Unfall", "bei der Wahl" → in; "bei dem" after an event ("ein Unfall, bei dem") → in; else at."""
    noun = next((t for t in tokens[index + 1:index + 5] if t.pos in NOUN_TAGS), None)
    event = noun is not None and (noun.text in EVENT_NOUNS or noun.lemma in EVENT_NOUNS or
                                  any(noun.text.endswith(e.lower()) for e in ("unfall", "wahl", "angriff", "brand")))
    if after is not None and after.pos == "PRELS" and before is not None and before.text == ",":
        antecedent = next((t for t in reversed(tokens[:index - 1]) if t.pos in NOUN_TAGS), None)
        event = antecedent is not None and (antecedent.lemma in EVENT_NOUNS or antecedent.text.endswith("unfall"))
    in_the = token.text.lower() == "beim"
    if event:
        return "in the" if in_the else "in"
    return "at the" if in_the else "at"


def _zum(token, before, after, tokens, index) -> str:
    if night_to(tokens, index):
        return "to"
    return "the" if before is not None and before.text.lower() == "bis" else "to the"   # "bis zum Ende": until the end


def night_to(tokens, index: int) -> bool:
    """ "in der Nacht zum/auf Samstag": the night to Saturday."""
    return 0 < index < len(tokens) - 1 and tokens[index - 1].text == "Nacht" and tokens[index + 1].text in WEEKDAYS


# The preposition English gives a noun's complement: "Forderung nach" → demand for, "Kritik an" → criticism of.
NOUN_PREPOSITIONS = {
    ("Forderung", "nach"): "for", ("Ruf", "nach"): "for", ("Suche", "nach"): "for", ("Nachfrage", "nach"): "for",
    ("Frage", "nach"): "of", ("Kritik", "an"): "of", ("Interesse", "an"): "in", ("Beteiligung", "an"): "in",
    ("Anteil", "an"): "of", ("Zweifel", "an"): "about", ("Mangel", "an"): "of", ("Bedarf", "an"): "for",
    ("Verdacht", "auf"): "of", ("Hinweis", "auf"): "of", ("Anspruch", "auf"): "to", ("Recht", "auf"): "to",
    ("Einfluss", "auf"): "on", ("Antwort", "auf"): "to", ("Reaktion", "auf"): "to", ("Hoffnung", "auf"): "for",
    ("Angst", "vor"): "of", ("Furcht", "vor"): "of", ("Warnung", "vor"): "of", ("Respekt", "vor"): "for",
    ("Schutz", "vor"): "from", ("Zugang", "zu"): "to", ("Beitrag", "zu"): "to", ("Bereitschaft", "zu"): "for",
    ("Verhandlung", "über"): "on", ("Gespräch", "über"): "about", ("Streit", "über"): "over", ("Einigung", "über"): "on",
    ("Entscheidung", "über"): "on", ("Abstimmung", "über"): "on", ("Debatte", "über"): "about",
    ("Bericht", "über"): "on", ("Informationen", "über"): "about", ("Sorge", "um"): "about", ("Kampf", "um"): "for",
    ("Streit", "um"): "over", ("Ende", "von"): "of", ("Grund", "für"): "for",
}


def _noun_preposition(tokens, index: int) -> str | None:
    """The English preposition of a noun's complement ("die Forderung nach einem Ende" → demand for an end)."""
    if index == 0 or tokens[index - 1].pos not in NOUN_TAGS:
        return None
    word = tokens[index].text.lower()
    return NOUN_PREPOSITIONS.get((tokens[index - 1].lemma, word)) or NOUN_PREPOSITIONS.get((tokens[index - 1].text, word))


def _waehrend(token, before, after, tokens, index) -> str:
    """ "während er schlief,": while (a finite verb closes the clause); "während des Spiels": during."""
    if after is not None and after.text.lower() in ("des", "eines"):
        return "during"   # a genitive: the preposition, whatever the tagger says
    end = next((i for i in range(index + 1, len(tokens)) if tokens[i].text in CLAUSE_BREAKS), len(tokens))
    return "while" if end > index + 1 and tokens[end - 1].pos in FINITE_VERBS else "during"   # verb last: a clause


def _so(token, before, after, tokens, index) -> str:
    """ "so laut wie", "doppelt so viele … wie": as … as; else "so"."""
    equative = any(t.pos == "KOKOM" and t.text.lower() == "wie" for t in tokens[index + 2:index + 6]) and \
        after is not None and after.pos in ("ADJD", "ADJA", "ADV", "PIAT", "PIS")
    return "as" if equative else "so"


def _zu(token, before, after, tokens, index) -> str:
    if after is not None and after.text == "Hause":
        return "at"   # "zu Hause": at home
    return "too" if token.pos == "PTKA" else "to"


def _um(token, before, after, tokens, index) -> str:
    if token.pos == "KOUI":
        return "in order"
    if after is not None and after.pos == "CARD":
        # "um 15 Uhr" is a time; "stieg um 5 Prozent" a difference
        clock = any(t.text == "Uhr" for t in tokens[index + 1:index + 5])
        return "at" if clock else "by"
    return "around"


def _damit(token, before, after, tokens, index) -> str:
    return "so that" if token.pos == "KOUS" else "thus"   # "Damit nähert sich …": thus, not "so that"


def _da(token, before, after, tokens, index) -> str:
    return "since" if token.pos == "KOUS" else "there"


def _sein(token, before, after, tokens, index) -> str:
    return "his" if token.pos.startswith("PPOS") else "be"


GENITIVE_PREPOSITIONS = frozenset("während wegen trotz innerhalb außerhalb statt anstatt aufgrund angesichts infolge "
                                  "mithilfe anlässlich bezüglich hinsichtlich seitens".split())
NO_WORDS = frozenset("kein keine keinen keinem keiner keines".split())
CLAUSE_BREAKS = frozenset(",;:.!?()\"„“”")


def _no_longer(tokens, index: int) -> int | None:
    """ "kein Personal mehr einsetzen": the "mehr" that makes "kein" no more (not "mehr als" or "mehr Geld")."""
    for later in range(index + 1, min(len(tokens), index + 7)):
        if tokens[later].text in CLAUSE_BREAKS:
            return None
        if tokens[later].text.lower() == "mehr" and tokens[later].pos == "ADV" and later > index + 1 and (
                later + 1 >= len(tokens) or tokens[later + 1].text.lower() != "als"):
            return later
    return None


def _kein(token, before, after, tokens, index) -> str | None:
    if token.pos in ("PIAT", "ART"):   # "zu keiner Einigung": no agreement ("keiner" alone is no one)
        return "no more" if _no_longer(tokens, index) is not None else "no"
    return FUNCTION_WORD_GLOSSES.get(token.text.lower())


def _mehr(token, before, after, tokens, index) -> str:
    earlier = next((i for i in range(index - 1, max(-1, index - 7), -1) if tokens[i].text.lower() in NO_WORDS), None)
    return "" if earlier is not None and _no_longer(tokens, earlier) == index else "more"


_RULES = {**dict.fromkeys(NO_WORDS, _kein), "mehr": _mehr, "so": _so, "während": _waehrend, "zum": _zum, "zur": _zum, "an": _an, "bei": _bei, "beim": _bei, "damit": _damit, "sie": _sie, "als": _als, "nach": _nach, "über": _ueber, "am": _am, "zu": _zu, "um": _um, "da": _da,
          "sein": _sein}
