"""Load the language data every process needs, once, before it forks.

simplemma's German lemma data takes about two seconds and 100 MB to load.
The gunicorn master loads it before forking its workers (deploy/gunicorn.conf.py)
and the import sandbox's fork server before forking its jobs, so every child
shares one copy, copy-on-write, and none pays the two seconds on its first
request. Nothing here starts threads or OpenMP, so forking afterwards is safe.
"""
from __future__ import annotations


def load_language_data() -> None:
    import simplemma

    simplemma.lemmatize("Gespräche", lang="de")
