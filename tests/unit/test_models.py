"""`python -m lesepult install-model` and `models`, on packages the tests build."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from support import ROOT
from lesepult import models
from support.argos_package import build_argos_package


@pytest.fixture
def packages_dir(monkeypatch, tmp_path):
    """A private Argos packages folder, so installs here leave the suite's model alone."""
    from argostranslate import settings

    folder = tmp_path / "packages"
    folder.mkdir()
    monkeypatch.setattr(settings, "package_data_dir", folder)
    monkeypatch.setattr(settings, "package_dirs", [folder])
    return folder


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archives")
    return {"1.0": build_argos_package(folder / "v1", version="1.0"),
            "1.1": build_argos_package(folder / "v11", version="1.1", seed=1)}


def run_cli(*args, env_dir):
    env = {"PATH": "/usr/bin:/bin", "ARGOS_PACKAGES_DIR": str(env_dir), "HOME": str(env_dir.parent),
           "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"}  # a closed port: the index is unreachable
    return subprocess.run([sys.executable, "-m", "lesepult", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_install_from_file_then_already_there(packages_dir, archives):
    outcome = models.install_model(archives["1.0"], models.file_sha256(archives["1.0"]))
    assert outcome.status == "installed", outcome.message
    assert models.installed_de_en().package_version == "1.0"
    again = models.install_model(archives["1.0"])
    assert again.status == "already-installed"


def test_newer_version_replaces_the_old(packages_dir, archives):
    models.install_model(archives["1.0"])
    outcome = models.install_model(archives["1.1"])
    assert outcome.status == "installed"
    installed = [p.package_version for p in models.installed_packages()]
    assert installed == ["1.1"]


def test_wrong_checksum_installs_nothing(packages_dir, archives):
    outcome = models.install_model(archives["1.0"], "0" * 64)
    assert outcome.status == "checksum-mismatch" and not list(packages_dir.iterdir())


def test_corrupt_files_install_nothing(packages_dir, archives, tmp_path):
    truncated = tmp_path / "truncated.argosmodel"
    truncated.write_bytes(archives["1.0"].read_bytes()[:5000])
    not_zip = tmp_path / "text.argosmodel"
    not_zip.write_text("hello")
    wrong_pair = tmp_path / "wrong.argosmodel"
    _rewrite_metadata(archives["1.0"], wrong_pair, to_code="fr")
    no_model = tmp_path / "nomodel.argosmodel"
    _drop_member(archives["1.0"], no_model, "model/model.bin")
    for path in (truncated, not_zip, wrong_pair, no_model):
        outcome = models.install_model(path)
        assert outcome.status == "corrupt", (path.name, outcome.message)
    assert not list(packages_dir.iterdir())


def test_unsafe_archive_paths_are_refused(tmp_path):
    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../outside.txt", "x")
    with pytest.raises(models.CorruptPackage, match="unsafe"):
        models.check_archive(evil)


def test_cli_offline_without_a_file_says_what_to_do(tmp_path):
    result = run_cli("install-model", env_dir=tmp_path / "packages")
    assert result.returncode == 3
    assert "--file" in result.stderr and "could not be reached" in result.stderr


def test_cli_installs_a_file_and_lists_it(tmp_path, archives):
    folder = tmp_path / "packages"
    result = run_cli("install-model", "--file", str(archives["1.0"]), env_dir=folder)
    assert result.returncode == 0, result.stderr
    assert "Installed translate-de_en 1.0" in result.stdout
    listing = run_cli("models", env_dir=folder)
    assert "translate-de_en\t1.0" in listing.stdout
    missing = run_cli("install-model", "--file", str(tmp_path / "nope.argosmodel"), env_dir=folder)
    assert missing.returncode == 4 and "No such file" in missing.stderr


def _rewrite_metadata(source, target, **changes):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.endswith("metadata.json"):
                data = json.dumps({**json.loads(data), **changes}).encode()
            new.writestr(item, data)


def _drop_member(source, target, suffix):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            if not item.filename.endswith(suffix):
                new.writestr(item, old.read(item))
