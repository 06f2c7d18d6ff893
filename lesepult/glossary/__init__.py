"""Glossary terms: what they are, their German forms, finding them, and their English enforced.

Modules: `terms` (Term, the one validator, curated TSV and CSV import),
`morphology` (German word forms), `finder` (Glossary.find), `enforcement`
(glossary-consistent English), `user_terms` (a reader's own terms in
SQLite) and `export` (CSV, TBX, Anki).
"""
from .enforcement import Enforcement, Mark, enforce, plural_rendering, rendering_forms
from .finder import Glossary, Occurrence
from .morphology import adjective_forms, noun_forms, verb_forms
from .terms import COLUMNS, Term, TermError, load_terms, read_terms_csv, term_key, validate

__all__ = ["COLUMNS", "Enforcement", "Glossary", "Mark", "Occurrence", "Term", "TermError", "adjective_forms",
           "enforce", "load_terms", "noun_forms", "plural_rendering", "read_terms_csv", "rendering_forms", "term_key", "validate",
           "verb_forms"]
