"""Fixtures the domain tests share: the real Ding index opened once per module, and the gloss over it."""
import pytest

from lesepult.dictionary import Dictionary
from lesepult.translation import GlossEngine


@pytest.fixture(scope="module")
def dictionary(ding_db):
    return Dictionary(ding_db)


@pytest.fixture(scope="module")
def engine(dictionary):
    return GlossEngine(dictionary)
