"""Fixed one-word glosses of German function words (articles, pronouns, prepositions …).

Ding lists these with dozens of senses; a gloss needs the usual one.
"""
from __future__ import annotations

FUNCTION_WORD_GLOSSES: dict[str, str] = {
    # articles
    "der": "the", "die": "the", "das": "the", "den": "the", "dem": "the", "des": "of the",
    "ein": "a", "eine": "a", "einen": "a", "einem": "a", "einer": "a", "eines": "of a",
    "kein": "no", "keine": "no", "keinen": "no", "keinem": "no", "keiner": "no one",
    # personal and reflexive pronouns
    "ich": "I", "du": "you", "er": "he", "sie": "she/they", "Sie": "you", "es": "it",
    "wir": "we", "ihr": "her/their", "mich": "me", "dich": "you", "sich": "oneself",
    "uns": "us", "euch": "you", "ihn": "him", "ihm": "him", "ihnen": "them", "Ihnen": "you",
    "mir": "me", "dir": "you", "man": "one",
    # possessives and demonstratives
    "mein": "my", "meine": "my", "dein": "your", "sein": "his/be", "seine": "his",
    "seinen": "his", "seinem": "his", "seiner": "his", "seines": "his", "ihre": "her/their",
    "ihren": "her/their", "ihrem": "her/their", "ihrer": "her/their", "unser": "our",
    "unsere": "our", "unseren": "our", "dieser": "this", "diese": "this", "dieses": "this",
    "diesen": "this", "diesem": "this", "jener": "that", "welche": "which", "welcher": "which",
    "alle": "all", "alles": "everything", "nichts": "nothing", "etwas": "something",
    "beide": "both", "beiden": "both", "andere": "other", "anderen": "other", "selbst": "self",
    # prepositions (and their contractions)
    "in": "in", "im": "in the", "ins": "into the", "an": "at", "am": "at the", "ans": "to the",
    "auf": "on", "aus": "from", "bei": "at", "beim": "at the", "mit": "with", "nach": "after/to",
    "von": "of/from", "vom": "from the", "zu": "to", "zum": "to the", "zur": "to the",
    "für": "for", "über": "about/over", "unter": "under", "vor": "before", "hinter": "behind",
    "neben": "beside", "zwischen": "between", "durch": "through", "gegen": "against",
    "ohne": "without", "um": "around", "bis": "until", "seit": "since", "wegen": "because of",
    "trotz": "despite", "während": "during", "laut": "according to", "zufolge": "according to",
    "gegenüber": "opposite", "hinsichtlich": "regarding", "innerhalb": "within",
    # conjunctions
    "und": "and", "oder": "or", "aber": "but", "denn": "because", "sondern": "but rather",
    "dass": "that", "ob": "whether", "weil": "because", "wenn": "if/when", "als": "as/than",
    "wie": "how/like", "da": "there/since", "doch": "yet", "sowie": "as well as",
    "falls": "in case", "obwohl": "although", "bevor": "before", "nachdem": "after",
    "damit": "so that", "sodass": "so that", "sowohl": "both",
    # adverbs and particles
    "nicht": "not", "auch": "also", "noch": "still", "schon": "already", "nur": "only",
    "sehr": "very", "so": "so", "dann": "then", "dort": "there", "hier": "here", "jetzt": "now",
    "nun": "now", "heute": "today", "wieder": "again", "immer": "always", "mehr": "more",
    "kaum": "hardly", "zudem": "moreover", "bereits": "already", "etwa": "about", "ja": "yes",
    "nein": "no", "sonst": "otherwise", "dabei": "in doing so", "dazu": "to that",
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
    "werden": "will/become", "wurde": "was", "wurden": "were", "würde": "would",
    "worden": "been", "werde": "will", "hat": "has", "haben": "have", "hatte": "had",
    "hatten": "had", "hätten": "would have", "hätte": "would have", "habe": "have",
    "kann": "can", "können": "can", "konnte": "could", "muss": "must", "müssen": "must",
    "soll": "shall", "sollte": "should", "sollen": "should", "will": "wants",
    "wollen": "want", "wollte": "wanted", "darf": "may", "dürfen": "may", "mag": "likes",
    "möchte": "would like",
    # small numbers
    "zwei": "two", "drei": "three", "vier": "four", "fünf": "five", "zehn": "ten",
}
