"""Load the language data every process needs, once, before it forks.

simplemma's German lemma data takes about two seconds and 100 MB to load;
the Hannover Tagger's model and wordfreq's English list about half a second each.
The gunicorn master loads it before forking its workers (deploy/gunicorn.conf.py)
and the import sandbox's fork server before forking its jobs, so every child
shares one copy, copy-on-write, and none pays the two seconds on its first
request. Nothing here starts threads or OpenMP, so forking afterwards is safe.
"""
from __future__ import annotations


def load_language_data() -> None:
    import simplemma

    from .english import zipf
    from .tagging import tag

    simplemma.lemmatize("Gespräche", lang="de")
    tag("Russland wies dies zurück.")   # the Hannover Tagger's model, for the gloss and lookups in context
    zipf("talks")                       # wordfreq's English list, for choosing a gloss's sense
