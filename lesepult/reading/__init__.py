"""Reading: the reader model of a window, and filling sentences with English.

Modules: `window` (the paragraphs a reader sees at once, with their terms
and entities found once), `translate` (cache → engine → glossary, the one
way in for translation) and `as_json` (the API's shapes).
"""
from .as_json import paragraphs_json, sentence_json
from .translate import find_terms, sentences_from, term_counts, translate_sentences
from .window import Chapter, Window, chapters, open_window, window_start, window_starts

__all__ = ["Chapter", "Window", "chapters", "find_terms", "open_window", "paragraphs_json",
           "sentence_json", "sentences_from", "term_counts", "translate_sentences", "window_start",
           "window_starts"]
