"""`python -m lesepult install-model` and `models`, on packages the tests build."""
from __future__ import annotations

import hashlib
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from lesepult import models
from lesepult.archives import ZipLimits
from support import ROOT
from support.argos_package import bomb_package, repack_package


@pytest.fixture
def archives(model_archives):
    return model_archives


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


# --- hardened installs: nothing half-installed, the working model survives ------------------------

MiB = 1024 * 1024


def work_area(packages_dir: Path) -> Path:
    return packages_dir.parent / f".{packages_dir.name}-lesepult-work"


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_nothing_half_installed(packages_dir: Path) -> None:
    from argostranslate import package

    for folder in packages_dir.iterdir():  # every folder argostranslate scans is a whole package
        assert (folder / "metadata.json").is_file(), folder
    package.get_installed_packages()
    leftovers = [p.name for p in work_area(packages_dir).iterdir() if p.name != "install.lock"]
    assert leftovers == []


def assert_loads(pkg) -> None:
    models._prove_loadable(str(pkg.package_path))


@pytest.fixture
def working_model(packages_dir, archives):
    assert models.install_model(archives["1.0"]).status == "installed"
    installed = models.installed_de_en()
    return installed, fingerprint(Path(installed.package_path))


def test_a_corrupt_newer_archive_reusing_the_folder_name_leaves_the_working_model(
        packages_dir, archives, working_model, tmp_path):
    installed, before = working_model
    assert Path(installed.package_path).name == "translate-de_en-1_0"
    impostor = repack_package(archives["1.0"], tmp_path / "impostor.argosmodel", top="translate-de_en-1_0",
                              metadata={"package_version": "1.1"},
                              members={"model/model.bin": b"\0garbage, not a CTranslate2 model" * 100})
    assert models.check_archive(impostor)["package_version"] == "1.1"  # it looks fine from outside
    outcome = models.install_model(impostor)
    assert outcome.status == "corrupt" and "does not load" in outcome.message, outcome.message
    assert "installed model is unchanged" in outcome.message
    current = models.installed_de_en()
    assert (current.package_version, Path(current.package_path)) == ("1.0", Path(installed.package_path))
    assert fingerprint(Path(current.package_path)) == before
    assert_loads(current)
    assert_nothing_half_installed(packages_dir)


@pytest.mark.parametrize("damage", ["tokenizer", "missing-model", "wrong-pair", "bomb"])
def test_every_failed_upgrade_leaves_the_working_model(packages_dir, archives, working_model, tmp_path, damage):
    installed, before = working_model
    path = tmp_path / f"{damage}.argosmodel"
    if damage == "tokenizer":
        repack_package(archives["1.1"], path, members={"sentencepiece.model": b"not a tokenizer"})
    elif damage == "missing-model":
        _drop_member(archives["1.1"], path, "model/model.bin")
    elif damage == "wrong-pair":
        repack_package(archives["1.1"], path, metadata={"to_code": "fr"})
    else:
        bomb_package(path, 64 * MiB, version="1.1")
    outcome = models.install_model(path)
    assert outcome.status == "corrupt", outcome.message
    current = models.installed_de_en()
    assert current.package_version == "1.0" and fingerprint(Path(current.package_path)) == before
    assert_nothing_half_installed(packages_dir)


def test_a_valid_newer_archive_reusing_the_folder_name_replaces_the_old(packages_dir, archives, working_model,
                                                                        tmp_path):
    renamed = repack_package(archives["1.1"], tmp_path / "renamed.argosmodel", top="translate-de_en-1_0")
    outcome = models.install_model(renamed)
    assert outcome.status == "installed", outcome.message
    assert [p.package_version for p in models.installed_packages()] == ["1.1"]
    current = models.installed_de_en()
    assert Path(current.package_path).name == "translate-de_en-1_1"
    assert_loads(current)
    assert_nothing_half_installed(packages_dir)


def test_upgrade_keeps_the_package_where_argostranslate_finds_it(packages_dir, archives):
    from argostranslate import package, translate

    models.install_model(archives["1.0"])
    translate.get_installed_languages()  # argostranslate caches languages: the install must reset that
    assert models.install_model(archives["1.1"]).status == "installed"
    found = [p for p in package.get_installed_packages() if (p.from_code, p.to_code) == ("de", "en")]
    assert [p.package_version for p in found] == ["1.1"]
    assert Path(found[0].package_path).parent == packages_dir
    german = next(lang for lang in translate.get_installed_languages() if lang.code == "de")
    assert german.get_translation(next(l for l in translate.get_installed_languages() if l.code == "en"))
    assert_nothing_half_installed(packages_dir)


class DiskWatch(threading.Thread):
    """Samples how many bytes the given folders hold, as fast as it can, until stopped."""

    def __init__(self, *folders: Path):
        super().__init__(daemon=True)
        self.folders, self.peak, self.samples, self.running = folders, 0, 0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, sum(self._size(folder) for folder in self.folders))
            self.samples += 1

    @staticmethod
    def _size(folder: Path) -> int:
        total = 0
        for root, _dirs, files in os.walk(folder):
            for name in files:
                try:
                    total += os.stat(os.path.join(root, name)).st_size
                except FileNotFoundError:
                    pass
        return total

    def __enter__(self) -> "DiskWatch":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.running = False
        self.join()


@pytest.fixture(scope="module")
def gigabyte_bomb(tmp_path_factory) -> Path:
    return bomb_package(tmp_path_factory.mktemp("bomb") / "translate-de_en-1_1.argosmodel", 1024 * MiB)


def test_a_1_mb_archive_inflating_to_1_gb_is_refused_without_filling_the_disk(packages_dir, gigabyte_bomb):
    assert gigabyte_bomb.stat().st_size < 1.1 * MiB
    started = time.perf_counter()
    with DiskWatch(packages_dir, work_area(packages_dir)) as watch:
        outcome = models.install_model(gigabyte_bomb)
    elapsed = time.perf_counter() - started
    print(f"\n1 GB bomb: refused in {elapsed:.2f} s, at most {watch.peak / MiB:.1f} MiB on disk "
          f"({watch.samples} samples)")
    assert outcome.status == "corrupt" and "zip bomb" in outcome.message, outcome.message
    assert watch.peak < models.UNPACK_LIMITS.total_bytes
    assert elapsed < 5
    assert list(packages_dir.iterdir()) == []
    assert_nothing_half_installed(packages_dir)


def test_the_unpacked_size_limit_stops_writing_at_the_limit(packages_dir, gigabyte_bomb, monkeypatch):
    """With the ratio limit out of the way, the total limit alone must hold the disk usage."""
    monkeypatch.setattr(models, "UNPACK_LIMITS", ZipLimits(total_bytes=64 * MiB, member_bytes=1024 * MiB,
                                                           members=100, ratio=10_000))
    with DiskWatch(packages_dir, work_area(packages_dir)) as watch:
        outcome = models.install_model(gigabyte_bomb)
    assert outcome.status == "corrupt" and "more than 64 MB" in outcome.message, outcome.message
    assert watch.peak <= 64 * MiB
    assert list(packages_dir.iterdir()) == []
    assert_nothing_half_installed(packages_dir)


def test_check_archive_refuses_a_bomb_without_writing(gigabyte_bomb):
    with pytest.raises(models.CorruptPackage, match="zip bomb"):
        models.check_archive(gigabyte_bomb)


def test_concurrent_installs_do_not_corrupt_each_other(packages_dir, archives):
    """Four installs at once while this process keeps scanning the packages folder."""
    models.install_model(archives["1.0"])
    env = {"PATH": "/usr/bin:/bin", "ARGOS_PACKAGES_DIR": str(packages_dir), "HOME": str(packages_dir.parent),
           "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"}
    commands = [[sys.executable, "-m", "lesepult", "install-model", "--file", str(archives[version])]
                for version in ("1.1", "1.0", "1.1", "1.0")]
    processes = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for command in commands]
    scans, errors = 0, []
    while any(process.poll() is None for process in processes):
        try:
            versions = {p.package_version for p in models.installed_packages()}
            assert versions, "no model installed for a moment"
            scans += 1
        except Exception as error:  # noqa: BLE001 - collect and report
            errors.append(repr(error))
    results = [(process.returncode, *process.communicate()) for process in processes]
    assert errors == [] and scans > 0
    assert [code for code, _out, _err in results] == [0, 0, 0, 0], results
    assert sum("Installed translate-de_en 1.1" in out for _code, out, _err in results) == 1, results
    assert [p.package_version for p in models.installed_packages()] == ["1.1"]
    assert_loads(models.installed_de_en())
    assert_nothing_half_installed(packages_dir)


def test_renames_in_the_packages_folder_wait_for_scans_in_this_process(tmp_path):
    """argostranslate lists the folder, then opens each package; a rename in between would break that scan."""
    from argostranslate import package

    (tmp_path / "old").mkdir()
    with package.package_lock:  # what get_installed_packages() holds while it scans
        mover = threading.Thread(target=models._rename_in_packages, args=(tmp_path / "old", tmp_path / "away"))
        mover.start()
        time.sleep(0.2)
        assert (tmp_path / "old").exists()
    mover.join(5)
    assert (tmp_path / "away").exists() and not (tmp_path / "old").exists()


def test_a_scan_that_races_a_retirement_in_another_process_is_repeated(monkeypatch, packages_dir, archives):
    from argostranslate import package

    models.install_model(archives["1.0"])
    real_scan, failures = package.get_installed_packages, [FileNotFoundError("no metadata.json")] * 2

    def stale_then_fresh():
        if failures:
            raise failures.pop()
        return real_scan()

    monkeypatch.setattr(package, "get_installed_packages", stale_then_fresh)
    assert [p.package_version for p in models.installed_packages()] == ["1.0"]


def test_a_crashed_install_is_cleaned_up_by_the_next(packages_dir, archives):
    work = work_area(packages_dir)
    work.mkdir()
    (work / "staging-crashed").mkdir()
    (work / "staging-crashed" / "half.bin").write_bytes(b"x" * 1000)
    assert models.install_model(archives["1.0"]).status == "installed"
    assert_nothing_half_installed(packages_dir)


def test_installs_work_when_the_packages_folder_is_its_own_mount(packages_dir, archives, monkeypatch):
    """Then the work area must live inside the packages folder, and scans must not trip over it."""
    from argostranslate import package

    monkeypatch.setattr(models, "_same_filesystem", lambda a, b: False)
    assert models.install_model(archives["1.0"]).status == "installed"
    assert models.install_model(archives["1.1"]).status == "installed"
    assert [p.package_version for p in models.installed_packages()] == ["1.1"]
    inside = packages_dir / ".lesepult-work"
    assert sorted(p.name for p in inside.iterdir()) == ["install.lock", "metadata.json"]
    assert {p.type for p in package.get_installed_packages()} == {"translate", models.WORK_TYPE}
    assert models.installed_de_en().package_version == "1.1"


def test_model_status(packages_dir, archives):
    assert models.model_status() is None
    models.install_model(archives["1.0"])
    status = models.model_status()
    assert (status.name, status.version) == ("translate-de_en", "1.0")
    assert status.path == Path(models.installed_de_en().package_path)
    with zipfile.ZipFile(archives["1.0"]) as archive:
        assert status.size_bytes == sum(info.file_size for info in archive.infolist())


def test_the_argos_constants_name_one_package():
    assert models.ARGOS_DE_EN_URLS[0].startswith("https://")
    assert models.ARGOS_DE_EN_URLS[0].endswith(f"translate-de_en-{models.ARGOS_DE_EN_VERSION.replace('.', '_')}"
                                               ".argosmodel")
    assert models.ARGOS_DE_EN_SHA256 is None  # the index lists no checksum; see the comment in models.py


# --- downloads from a package index, served locally ---------------------------------------------------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that stops reading (a refused download) is expected here


@pytest.fixture
def package_site(tmp_path, archives):
    """A local web server with a package index and the 1.0 package; yields (base_url, site_folder)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "translate-de_en-1_0.argosmodel").write_bytes(archives["1.0"].read_bytes())
    server = QuietServer(
        ("127.0.0.1", 0), lambda *a, **k: QuietHandler(*a, directory=str(site), **k))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    write_index(site, base)
    yield base, site
    server.shutdown()
    server.server_close()


def write_index(site: Path, base: str, **changes) -> None:
    entries = [
        {"package_version": "1.0", "from_code": "en", "to_code": "de", "links": [f"{base}missing.argosmodel"]},
        {"package_version": "1.0", "argos_version": "1.0", "from_code": "de", "from_name": "German",
         "to_code": "en", "to_name": "English", "code": "translate-de_en",
         "links": ["ipfs://QmNotFetched", f"{base}translate-de_en-1_0.argosmodel"], **changes},
    ]
    (site / "index.json").write_text(json.dumps(entries))


def test_download_reports_progress_and_installs(packages_dir, package_site, archives):
    base, _site = package_site
    calls = []
    outcome = models.download_and_install(lambda done, total: calls.append((done, total)),
                                          index_url=base + "index.json")
    assert outcome.status == "installed", outcome.message
    size = archives["1.0"].stat().st_size
    assert calls[0] == (0, size) and calls[-1] == (size, size)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert models.installed_de_en().package_version == "1.0"
    assert_nothing_half_installed(packages_dir)


def test_download_verifies_the_sha256_the_index_gives(packages_dir, package_site, archives):
    base, site = package_site
    write_index(site, base, sha256="0" * 64)
    outcome = models.download_and_install(index_url=base + "index.json")
    assert outcome.status == "checksum-mismatch" and not list(packages_dir.iterdir())
    write_index(site, base, sha256=models.file_sha256(archives["1.0"]))
    assert models.download_and_install(index_url=base + "index.json").status == "installed"


def test_download_uses_argostranslates_index_setting(packages_dir, package_site, monkeypatch):
    from argostranslate import settings

    base, _site = package_site
    monkeypatch.setattr(settings, "remote_package_index", base + "index.json")
    assert models.install_model().status == "installed"   # no file: the index, as `install-model` does


def test_cli_downloads_from_the_index_in_ARGOS_PACKAGE_INDEX(tmp_path, package_site):
    base, _site = package_site
    folder = tmp_path / "cli-packages"
    env = {"PATH": "/usr/bin:/bin", "ARGOS_PACKAGES_DIR": str(folder), "HOME": str(tmp_path),
           "ARGOS_PACKAGE_INDEX": base}
    result = subprocess.run([sys.executable, "-m", "lesepult", "install-model"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "Installed translate-de_en 1.0" in result.stdout, result.stderr


def test_download_failures_map_to_outcomes(packages_dir, package_site, monkeypatch):
    base, site = package_site
    assert models.download_and_install(index_url="http://127.0.0.1:9/index.json").status == "offline"
    (site / "empty.json").write_text("[]")
    assert models.download_and_install(index_url=base + "empty.json").status == "not-found"
    (site / "junk.json").write_text("<html>")
    assert models.download_and_install(index_url=base + "junk.json").status == "offline"
    write_index(site, base, links=[f"{base}gone.argosmodel"])
    assert models.download_and_install(index_url=base + "index.json").status == "offline"
    write_index(site, base)
    monkeypatch.setattr(models, "MAX_DOWNLOAD_BYTES", 1000)
    outcome = models.download_and_install(index_url=base + "index.json")
    assert outcome.status == "offline" and "larger than" in outcome.message
    assert not list(packages_dir.iterdir())
