"""Installing the Argos de→en model: from the package index online, or from a
.argosmodel file offline. Every archive is checked before argostranslate
unpacks it, and the installed model is loaded once to prove it works."""
from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

FROM, TO = "de", "en"
DOWNLOAD_TIMEOUT = 30


@dataclass
class Outcome:
    status: str    # installed | already-installed | offline | corrupt | checksum-mismatch | not-found
    message: str

    @property
    def ok(self) -> bool:
        return self.status in ("installed", "already-installed")


class CorruptPackage(ValueError):
    pass


def installed_packages() -> list:
    from argostranslate import package

    return package.get_installed_packages()


def install_model(file: Path | None = None, sha256: str | None = None) -> Outcome:
    if file is not None:
        return install_file(Path(file), sha256)
    current = installed_de_en()
    if current is not None:
        return Outcome("already-installed", f"{_name(current)} is already installed in {current.package_path}.")
    return install_from_index(sha256)


def install_file(path: Path, sha256: str | None = None) -> Outcome:
    if not path.is_file():
        return Outcome("not-found", f"No such file: {path}")
    digest = file_sha256(path)
    if sha256 and digest != sha256.lower():
        return Outcome("checksum-mismatch", f"{path.name}: sha256 is {digest}, expected {sha256}. Not installed.")
    try:
        metadata = check_archive(path)
    except CorruptPackage as error:
        return Outcome("corrupt", f"{path.name} is not a usable Argos de→en package: {error}. Nothing was installed.")
    current = installed_de_en()
    if current is not None and _version(current) >= _parse(metadata.get("package_version", "0")):
        return Outcome("already-installed",
                       f"{_name(current)} is already installed (the file has version {metadata.get('package_version')}).")
    return _install_checked(path, current, digest)


def _install_checked(path: Path, previous, digest: str) -> Outcome:
    from argostranslate import package

    package.install_from_path(path)
    installed = installed_de_en()
    try:
        _prove_loadable(installed)
    except Exception as error:
        package.uninstall(installed)
        return Outcome("corrupt", f"The model in {path.name} does not load ({error}). It was removed again.")
    if previous is not None and Path(previous.package_path) != Path(installed.package_path):
        package.uninstall(previous)
    return Outcome("installed", f"Installed {_name(installed)} (sha256 {digest[:16]}…) into {installed.package_path}.")


def install_from_index(sha256: str | None = None) -> Outcome:
    from argostranslate import settings

    try:
        with urllib.request.urlopen(settings.remote_package_index, timeout=DOWNLOAD_TIMEOUT) as response:
            index = json.load(response)
    except (OSError, ValueError) as error:
        return Outcome("offline", (
            f"The Argos package index could not be reached ({error}). Offline, download "
            "translate-de_en-*.argosmodel on another machine and run: "
            "python -m lesepult install-model --file PATH.argosmodel [--sha256 HEX]"))
    entry = next((e for e in index if e.get("from_code") == FROM and e.get("to_code") == TO
                  and e.get("type", "translate") == "translate"), None)
    if entry is None or not entry.get("links"):
        return Outcome("not-found", "The Argos package index lists no German→English package.")
    expected = sha256 or entry.get("sha256") or entry.get("checksum")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"translate-{FROM}_{TO}.argosmodel"
        try:
            _download(entry["links"], target)
        except OSError as error:
            return Outcome("offline", f"Downloading the model failed: {error}")
        return install_file(target, expected)


def _download(links: list[str], target: Path) -> None:
    last_error: OSError = OSError("no download link")
    for link in links:
        try:
            with urllib.request.urlopen(link, timeout=DOWNLOAD_TIMEOUT) as response, open(target, "wb") as out:
                shutil.copyfileobj(response, out, 1 << 20)
            return
        except OSError as error:
            last_error = error
    raise last_error


def check_archive(path: Path) -> dict:
    """The metadata of a well-formed de→en package archive, or CorruptPackage."""
    if not zipfile.is_zipfile(path):
        raise CorruptPackage("it is not a zip archive")
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            bad = archive.testzip()
            if bad:
                raise CorruptPackage(f"{bad} is damaged")
            top = _single_top_folder(names)
            for required in ("metadata.json", "model/model.bin", "sentencepiece.model"):
                if f"{top}/{required}" not in names:
                    raise CorruptPackage(f"{required} is missing")
            metadata = json.loads(archive.read(f"{top}/metadata.json"))
    except (zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CorruptPackage(str(error)) from None
    if (metadata.get("from_code"), metadata.get("to_code")) != (FROM, TO):
        raise CorruptPackage(f"it translates {metadata.get('from_code')}→{metadata.get('to_code')}, not de→en")
    return metadata


def _single_top_folder(names: list[str]) -> str:
    tops = set()
    for name in names:
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or ".." in parts:
            raise CorruptPackage(f"unsafe path {name!r}")
        tops.add(parts[0])
    if len(tops) != 1:
        raise CorruptPackage("it must hold exactly one package folder")
    return tops.pop()


def _prove_loadable(pkg) -> None:
    import ctranslate2
    import sentencepiece

    sentencepiece.SentencePieceProcessor(model_file=str(Path(pkg.package_path) / "sentencepiece.model"))
    ctranslate2.Translator(str(Path(pkg.package_path) / "model"), device="cpu", compute_type="int8")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def installed_de_en():
    """The newest installed de→en translation package, found where argostranslate looks."""
    matches = [p for p in installed_packages()
               if (p.from_code, p.to_code) == (FROM, TO) and p.type == "translate"]
    matches.sort(key=_version, reverse=True)
    return matches[0] if matches else None


def _version(pkg):
    return _parse(pkg.package_version or "0")


def _parse(version: str):
    from packaging.version import InvalidVersion, Version

    try:
        return Version(str(version))
    except InvalidVersion:
        return Version("0")


def _name(pkg) -> str:
    return f"translate-{pkg.from_code}_{pkg.to_code} {pkg.package_version}"
