"""The Argos engine on a tiny real package, the gloss fallback, and the cache."""
from __future__ import annotations

import math

import pytest

from lesepult.documents import create_document, load_document, load_paragraphs, sample_document_id
from lesepult.reading import sentences_from, translate_sentences
from lesepult.documents import Sentence
from lesepult.glossary import Glossary, Occurrence, enforce, validate
from lesepult.translation import ArgosEngine, GlossEngine, Translation, TranslationCache, confidence, select_engine
from support import ScriptedEngine


class CountingTranslator:
    """Passes every call to the real CTranslate2 translator and counts it."""

    def __init__(self, translator):
        self.translator, self.calls, self.sizes = translator, 0, []

    def translate_batch(self, tokens, **options):
        self.calls += 1
        self.sizes.append(len(tokens))
        return self.translator.translate_batch(tokens, **options)


class FailingTokenizer:
    """The real tokenizer, except that it chokes on one sentence."""

    def __init__(self, tokenizer, poison: str):
        self.tokenizer, self.poison = tokenizer, poison

    def encode(self, text, **options):
        if self.poison in text:
            raise RuntimeError("tokenizer cannot handle this sentence")
        return self.tokenizer.encode(text, **options)

    def decode(self, tokens):
        return self.tokenizer.decode(tokens)


@pytest.fixture
def engine(argos_model):
    engine = ArgosEngine.find_installed()
    assert engine is not None, "the tiny package should be found through argostranslate.package"
    engine.translator = CountingTranslator(engine.translator)
    return engine


def test_engine_describes_the_installed_package(engine):
    assert engine.name == "argos"
    assert engine.model == "translate-de_en"
    assert engine.version == "1.0"
    assert engine.options["beam_size"] >= 1 and engine.options["return_scores"]


def test_whole_document_translates_in_one_batched_call(db, engine):
    document = load_document(db, sample_document_id(db))
    sentences = document.sentences
    translate_sentences(db, engine, sentences)
    assert engine.translator.calls == 1
    assert engine.translator.sizes == [len({s.de for s in sentences})]
    assert all(s.en and s.error is None for s in sentences)
    assert all(0.0 < s.score <= 1.0 for s in sentences)


def test_reopening_translates_nothing(db, engine):
    document_id = sample_document_id(db)
    translate_sentences(db, engine, load_document(db, document_id).sentences)
    first = [s.en for s in load_document(db, document_id).sentences]
    reopened = load_document(db, document_id)
    translate_sentences(db, engine, reopened.sentences)
    assert engine.translator.calls == 1
    assert [s.en for s in reopened.sentences] == [
        TranslationCache(db, engine).lookup([s.de])[s.de].text for s in reopened.sentences]
    assert len(first) == len(reopened.sentences)


def test_new_model_version_retranslates(db, engine):
    sentences = load_document(db, sample_document_id(db)).sentences
    translate_sentences(db, engine, sentences)
    engine.version = "1.1"
    translate_sentences(db, engine, load_document(db, sample_document_id(db)).sentences)
    assert engine.translator.calls == 2
    versions = {row[0] for row in db.execute("SELECT version FROM translations")}
    assert versions == {"translate-de_en@1.0", "translate-de_en@1.1"}


def test_one_failing_sentence_leaves_the_rest_translated(db, engine):
    engine.tokenizer = FailingTokenizer(engine.tokenizer, "Kaputt")
    document = load_document(db, create_document(
        db, "Der Sicherheitsrat tagt heute. Kaputt ist dieser Satz. Die Feuerpause hält.\n\nZweiter Absatz hier."))
    translate_sentences(db, engine, document.sentences)
    broken = [s for s in document.sentences if "Kaputt" in s.de]
    fine = [s for s in document.sentences if "Kaputt" not in s.de]
    assert len(broken) == 1 and "tokenizer cannot handle" in broken[0].error
    assert all(s.en and s.error is None for s in fine)
    cached = TranslationCache(db, engine).lookup([s.de for s in document.sentences])
    assert broken[0].de not in cached and len(cached) == len(fine)


def test_paragraph_requests_batch_following_paragraphs(db, engine):
    document_id = sample_document_id(db)
    paragraphs = load_paragraphs(db, document_id, 0, 9)
    translate_sentences(db, engine, sentences_from(paragraphs, chunk=16))
    assert engine.translator.calls == 1
    assert 3 < engine.translator.sizes[0] <= 16 + len(paragraphs[0].sentences)
    translate_sentences(db, engine, sentences_from(load_paragraphs(db, document_id, 1, 10), chunk=16))
    assert engine.translator.calls == 1, "paragraph 1 was in the first chunk"


def test_alternatives_are_n_best(engine):
    hypotheses = engine.alternatives("Der Sicherheitsrat tagt heute.", 3)
    assert len(hypotheses) == 3
    assert all(0 < h.score <= 1 for h in hypotheses)


def test_confidence_undoes_length_normalisation():
    # 4 tokens + end token, mean log-prob -0.5 → cumulative -2.5
    score = -2.5 / 5 ** 0.2
    assert math.isclose(confidence(score, 4, 0.2), math.exp(-0.5), rel_tol=1e-3)


def test_gloss_engine_glosses_word_by_word(ding_db):
    from lesepult.dictionary import Dictionary

    engine = GlossEngine(Dictionary(ding_db))
    [result] = engine.translate(["Die Feuerpause hält."])
    assert engine.name == "gloss" and result.score is None
    assert "ceasefire" in result.text.lower() or "cease-fire" in result.text.lower()
    assert result.text.endswith(".")


def test_auto_falls_back_to_gloss_without_model(packages_dir, ding_db):
    from lesepult.dictionary import Dictionary

    assert select_engine("auto", Dictionary(ding_db)).name == "gloss"
    with pytest.raises(LookupError, match="install-model"):
        select_engine("argos", None)
    with pytest.raises(ValueError):
        select_engine("deepl", None)


def test_auto_prefers_the_model(argos_model):
    assert select_engine("auto", None).name == "argos"


# ---------------------------------------------------------------- alignment and enforcement

def _glossary(*terms):
    return Glossary([validate(term) for term in terms])


def test_a_term_no_variant_covers_goes_where_the_alignment_puts_it(db):
    german = "Die Gespräche in Genf sind gescheitert."
    english = "The conversations in Geneva have failed."
    engine = ScriptedEngine({german: Translation(english, 0.9, None, ((4, 13, 4, 17), (17, 21, 21, 27)))})
    glossary = _glossary({"de": "Gespräch", "en": "talks", "gender": "n", "plural": "Gespräche"})
    [sentence] = sentences = [Sentence(1, german)]
    translate_sentences(db, engine, sentences, glossary)
    assert sentence.en == "The talks in Geneva have failed."
    assert [(e.status, e.replaced) for e in sentence.enforced] == [("replaced", "conversations")]
    [mark] = sentence.marks
    assert sentence.en[mark.start:mark.end] == "talks"


def test_without_an_aligned_span_the_term_is_missing(db):
    german = "Die Gespräche in Genf sind gescheitert."
    engine = ScriptedEngine({german: Translation("The conversations in Geneva have failed.", 0.9, None, ((17, 21, 21, 27),))})
    [sentence] = sentences = [Sentence(1, german)]
    translate_sentences(db, engine, sentences, _glossary({"de": "Gespräch", "en": "talks", "gender": "n",
                                                          "plural": "Gespräche"}))
    assert sentence.en == "The conversations in Geneva have failed."
    assert [e.status for e in sentence.enforced] == ["missing"] and sentence.marks == []


def test_argos_aligns_its_english_to_the_german(engine):
    german = "Der Sicherheitsrat tagt heute in New York."
    [result] = engine.translate([german])
    assert result.alignment, "the synthetic model's attention aligns every piece somewhere"
    for start, end, target_start, target_end in result.alignment:
        assert 0 <= start < end <= len(german) and german[start:end].strip() == german[start:end]
        assert 0 <= target_start < target_end <= len(result.text)


def test_argos_alignment_places_a_term_and_survives_the_cache(db, engine):
    german = "Der Sicherheitsrat tagt heute in New York."
    [result] = TranslationCache(db, engine).translate([german])
    term = _glossary({"de": "Sicherheitsrat", "en": "Security Council", "gender": "m"}).terms[0]
    whole = [Occurrence(term, 0, len(german), german, False)]   # every aligned piece lies inside it
    text, [enforcement], [mark] = enforce(result.text, whole, result.alignment)
    assert enforcement.status == "replaced" and text[mark.start:mark.end] == "Security Council"
    cached = TranslationCache(db, engine).lookup([german])[german]
    assert cached.alignment == result.alignment and engine.translator.calls == 1
