"""Translation: engines behind one interface, the cache in front of them, and background translation.

Modules: `engines` (the interface and the engine key), `argos` (the Argos
model through CTranslate2), `gloss` (the dictionary gloss when no model is
installed), `cache` (the SQLite translation cache) and `background` (the
embedded translator thread).
"""
from __future__ import annotations

import os
import threading

from .argos import ArgosEngine, confidence
from .cache import TranslationCache
from ..models import INSTALL_HINT  # one model file name for the pages, the CLI and the workers
from .engines import Engine, Translation, describe, engine_key
from .gloss import GlossEngine

__all__ = ["INSTALL_HINT", "ArgosEngine", "CurrentEngine", "Engine", "GlossEngine", "Translation", "TranslationCache",
           "confidence", "describe", "engine_key", "select_engine"]


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


class CurrentEngine:
    """The engine for a choice, chosen again when the installed model changes.

    A model installed from the Models page (or the CLI, by another process)
    replaces the gloss without a restart: every process checks the packages
    folders' stamp when it needs its engine (a stat), and loads the new model.
    """

    def __init__(self, choice: str, dictionary):
        self.choice, self.dictionary = choice, dictionary
        self._stamp, self._engine = None, None
        self._lock = threading.Lock()

    def __call__(self) -> Engine:
        from ..models import installed_stamp

        stamp = installed_stamp() if self.choice != "gloss" else ()
        if self._engine is None or stamp != self._stamp:
            with self._lock:
                if self._engine is None or stamp != self._stamp:
                    self._engine, self._stamp = select_engine(self.choice, self.dictionary), stamp
        return self._engine
