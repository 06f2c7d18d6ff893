"""The German–English dictionary: Ding's word list (GPL-2+), indexed into SQLite.

Modules: `ding` (the line format), `index` (building the SQLite index),
`lookup` (answering a word: itself, its lemma, its compound parts),
`compounds` (splitting compounds) and `function_words` (fixed glosses).
"""
from .ding import Entry
from .index import build_index, read_ding_version
from .lookup import Dictionary, DictionaryMissing, Lookup

__all__ = ["Dictionary", "DictionaryMissing", "Entry", "Lookup", "build_index", "read_ding_version"]
