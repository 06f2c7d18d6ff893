"""Translation: engines behind one interface, the cache in front of them, and background translation.

Modules: `engines` (the interface and the engine key), `argos` (the Argos
model through CTranslate2), `gloss` (the dictionary gloss when no model is
installed), `cache` (the SQLite translation cache) and `background` (the
embedded translator thread).
"""
from __future__ import annotations

import os

from .argos import ArgosEngine, confidence
from .cache import TranslationCache
from .engines import INSTALL_HINT, Engine, Translation, describe, engine_key
from .gloss import GlossEngine

__all__ = ["INSTALL_HINT", "ArgosEngine", "Engine", "GlossEngine", "Translation", "TranslationCache", "confidence",
           "describe", "engine_key", "select_engine"]


def model_threads() -> int:
    """CTranslate2's threads in this process: OMP_NUM_THREADS when the server split the cores between
    its processes (deploy/gunicorn.conf.py), else every core."""
    return int(os.environ.get("OMP_NUM_THREADS") or os.cpu_count() or 1)


def select_engine(choice: str, dictionary) -> Engine:
    """`auto` prefers an installed Argos model and falls back to the gloss."""
    if choice not in ("auto", "argos", "gloss"):
        raise ValueError(f"TRANSLATION_ENGINE must be auto, argos or gloss, not {choice!r}")
    if choice != "gloss":
        engine = ArgosEngine.find_installed(threads=model_threads())
        if engine is not None:
            return engine
        if choice == "argos":
            raise LookupError(f"No de→en Argos model is installed. Install it with: {INSTALL_HINT}")
    return GlossEngine(dictionary)
