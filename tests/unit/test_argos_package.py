"""The synthetic Argos package: installable by argostranslate, loadable and usable by CTranslate2."""
from __future__ import annotations

import hashlib
import json
import math
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm

from support.argos_package import TINY, build_argos_package

GERMAN = [
    "Vor zwei Tagen brachen die USA und Russland die Gespräche über Syrien ab.",
    "Russland wies dies zurück.",
    "Frankreich kündigte zudem an, dass Außenminister Jean-Marc Ayrault in den kommenden Tagen "
    "nach Moskau und Washington reisen werde, um beide Staaten zur Annahme einer UN-Resolution "
    "für die umkämpfte Metropole Aleppo zu bewegen.",
    "Ja.",
]
MAX_DECODING_LENGTH = 200


@pytest.fixture(scope="module")
def package_zip(tmp_path_factory) -> Path:
    return build_argos_package(tmp_path_factory.mktemp("build"), TINY, version="1.2")


@pytest.fixture(scope="module")
def package_dir(package_zip, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("extracted")
    with zipfile.ZipFile(package_zip) as archive:
        archive.extractall(target)
    return target / "translate-de_en-1_2"


def test_zip_holds_one_directory_with_metadata_tokenizer_and_model(package_zip):
    assert package_zip.name == "translate-de_en-1_2.argosmodel"
    with zipfile.ZipFile(package_zip) as archive:
        names = archive.namelist()
        metadata = json.loads(archive.read("translate-de_en-1_2/metadata.json"))
    assert {name.split("/")[0] for name in names} == {"translate-de_en-1_2"}
    for part in ("metadata.json", "sentencepiece.model", "model/model.bin",
                 "model/config.json", "model/shared_vocabulary.json"):
        assert f"translate-de_en-1_2/{part}" in names
    assert (metadata["from_code"], metadata["to_code"], metadata["package_version"]) == ("de", "en", "1.2")


def test_argostranslate_installs_it_as_a_de_en_package(package_zip, tmp_path):
    # argostranslate.settings reads ARGOS_PACKAGES_DIR once, at import: a fresh
    # interpreter is the way to point it at an empty directory here.
    script = (
        "import json, sys\n"
        "from argostranslate import package, settings\n"
        "package.install_from_path(sys.argv[1])\n"
        "found = [p for p in package.get_installed_packages() if p.package_path.parent == settings.package_data_dir]\n"
        "print(json.dumps([[p.from_code, p.to_code, p.package_version, p.type, str(p.package_path)] for p in found]))\n"
    )
    home = tmp_path / "home"
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"), "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_CACHE_HOME": str(home / "cache")}
    result = subprocess.run([sys.executable, "-c", script, str(package_zip)], env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    installed = json.loads(result.stdout.strip().splitlines()[-1])
    assert installed == [["de", "en", "1.2", "translate", str(tmp_path / "packages" / "translate-de_en-1_2")]]
    assert (tmp_path / "packages" / "translate-de_en-1_2" / "model" / "model.bin").is_file()


def test_tokenizer_and_model_share_one_vocabulary_of_the_requested_size(package_dir):
    tokenizer = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    vocabulary = json.loads((package_dir / "model" / "shared_vocabulary.json").read_text(encoding="utf-8"))
    assert len(vocabulary) == tokenizer.get_piece_size() == TINY["vocab"]
    assert vocabulary == [tokenizer.id_to_piece(i) for i in range(len(vocabulary))]
    assert {"<unk>", "<s>", "</s>", "<blank>"} <= set(vocabulary)
    assert tokenizer.decode(tokenizer.encode(GERMAN[0])) == GERMAN[0]


def test_small_corpus_vocabulary_is_padded_to_the_requested_size(tmp_path):
    size = dict(TINY, vocab=2500)  # more than the sample corpus can support
    package_zip = build_argos_package(tmp_path, size)
    with zipfile.ZipFile(package_zip) as archive:
        vocabulary = json.loads(archive.read("translate-de_en-1_0/model/shared_vocabulary.json"))
        (tmp_path / "sp.model").write_bytes(archive.read("translate-de_en-1_0/sentencepiece.model"))
    tokenizer = spm.SentencePieceProcessor(model_file=str(tmp_path / "sp.model"))
    assert len(vocabulary) == len(set(vocabulary)) == tokenizer.get_piece_size() == 2500
    assert tokenizer.decode(tokenizer.encode(GERMAN[1])) == GERMAN[1]


def test_int8_model_translates_to_finite_outputs_that_end(package_dir):
    tokenizer = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu", compute_type="int8")
    sources = [tokenizer.encode(sentence, out_type=str) for sentence in GERMAN]
    results = translator.translate_batch(sources, beam_size=2, return_scores=True,
                                         max_decoding_length=MAX_DECODING_LENGTH)
    lengths = [len(result.hypotheses[0]) for result in results]
    for result in results:
        assert result.hypotheses[0], "empty translation"
        assert math.isfinite(result.scores[0])
        assert not {"<unk>", "<s>", "<blank>"} & set(result.hypotheses[0])
        assert tokenizer.decode(result.hypotheses[0]).strip()
    assert max(lengths) < MAX_DECODING_LENGTH, "a translation never emitted </s>"
    # The length counter ties output length to source length.
    assert lengths[2] > lengths[0] > lengths[1]


def _model_digest(package_zip: Path) -> str:
    with zipfile.ZipFile(package_zip) as archive:
        return hashlib.sha256(archive.read(f"{package_zip.stem}/model/model.bin")).hexdigest()


def test_same_seed_gives_identical_weights_and_another_seed_does_not(package_zip, tmp_path):
    again = build_argos_package(tmp_path / "again", TINY, version="1.2")
    other = build_argos_package(tmp_path / "other", TINY, version="1.2", seed=1)
    assert _model_digest(again) == _model_digest(package_zip)
    assert _model_digest(other) != _model_digest(package_zip)
