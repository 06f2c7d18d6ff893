"""Installing the Argos de→en model: from the package index online, or from a
.argosmodel file offline.

A package is never unpacked where argostranslate looks until it is proven
good. It is unpacked into a staging folder beside the packages folder, counting
the bytes it inflates (lesepult.archives: never more than UNPACK_LIMITS to
disk), checked there (de→en metadata, model files, the model loads with
CTranslate2 and sentencepiece, in a sandboxed process), and only then renamed
into the packages folder in one step. The older version is renamed out in one
step, too, and deleted afterwards. So a scan of the packages folder sees the
old model, or the old and the new, or the new — never a half-written or
half-deleted one — and a failed install leaves the working model as it was.

Why beside, not inside, the packages folder: argostranslate's
`get_installed_packages()` treats every folder there as a package and raises
FileNotFoundError for one without metadata.json, so a staging folder inside it
would break every scan (the app's, too) while it exists. Only when the packages
folder is a mount point of its own, where a rename from beside it is
impossible, is the work area a folder inside it, marked by a metadata.json of
its own type ("lesepult-work"), which argostranslate's translation code
ignores and `installed_packages()` hides.

One install runs at a time: a lock file in the work area serialises them
across threads and processes. Loading the model runs in lesepult.sandbox, so a
damaged model cannot crash the process that installs it.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .archives import MODEL_LIMITS, ArchiveRefused, check_zip, extract_zip

FROM, TO = "de", "en"
DOWNLOAD_TIMEOUT = 30
MiB = 1024 * 1024

# The German→English package as the Argos package index lists it, read from the
# stored copy of github.com/argosopentech/argospm-index, file index.json, at
# commit c9738fcd74c72665f870c9c44b8d16cc39c14d8e (the newest copy available to
# us; the live index may list a newer version — the download reads the live one).
# The index lists no sha256 (nor any checksum) for any package, so none is known
# here: a download is verified by its structure and by loading it, and by a
# checksum only when the caller passes one (--sha256).
ARGOS_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
ARGOS_DE_EN_VERSION = "1.0"
# The file's one name: the reader's hint, the Models page, the CLI's messages and the README say this.
ARGOS_DE_EN_FILE = f"translate-de_en-{ARGOS_DE_EN_VERSION.replace('.', '_')}.argosmodel"
ARGOS_DE_EN_URLS = (f"https://argos-net.com/v1/{ARGOS_DE_EN_FILE}",
                    "ipfs://QmPRsSinizA4MPNVi4TZrWkhgAKgX4kEKwZ2jkHeghx1Dr")  # the second needs an IPFS client
ARGOS_DE_EN_SHA256: str | None = None
OFFLINE_INSTALL_COMMAND = f"python -m lesepult install-model --file {ARGOS_DE_EN_FILE} [--sha256 HEX]"
INSTALL_HINT = f"make install-model  (or: python -m lesepult install-model --file {ARGOS_DE_EN_FILE})"

UNPACK_LIMITS = MODEL_LIMITS          # at most 1 GiB unpacked, 2,000 files (see lesepult.archives)
MAX_INDEX_BYTES = 4 * MiB             # the real index is about 30 KB
MAX_DOWNLOAD_BYTES = 2048 * MiB       # a hostile server must not fill the disk either
MAX_METADATA_BYTES = MiB
REQUIRED_FILES = ("metadata.json", "model/model.bin", "sentencepiece.model")
WORK_TYPE = "lesepult-work"           # metadata type of the in-folder work area (mount-point case only)
SCAN_ATTEMPTS = 5


@dataclass
class Outcome:
    status: str    # installed | already-installed | offline | corrupt | checksum-mismatch | not-found
    message: str

    @property
    def ok(self) -> bool:
        return self.status in ("installed", "already-installed")


@dataclass(frozen=True)
class ModelStatus:
    name: str          # "translate-de_en"
    version: str
    path: Path
    size_bytes: int    # the unpacked files, as they take space on disk


class CorruptPackage(ValueError):
    pass


def installed_packages() -> list:
    """argostranslate's installed packages, without our work area."""
    from argostranslate import package

    for attempt in range(SCAN_ATTEMPTS):
        try:
            return [p for p in package.get_installed_packages() if p.type != WORK_TYPE]
        except FileNotFoundError:
            # Another process retired a package between argostranslate listing the
            # folder and opening it: the listing is stale, a new one will be right.
            if attempt == SCAN_ATTEMPTS - 1:
                raise


def installed_de_en():
    """The newest installed de→en translation package, found where argostranslate looks."""
    matches = [p for p in installed_packages()
               if (p.from_code, p.to_code) == (FROM, TO) and p.type == "translate"]
    matches.sort(key=_version, reverse=True)
    return matches[0] if matches else None


def installed_stamp() -> tuple:
    """Changes whenever a package is installed or removed (each is a rename in a packages folder):
    a process compares it to know its engine is out of date, at the cost of a stat per folder."""
    from argostranslate import settings

    return tuple((str(folder), folder.stat().st_mtime_ns) for folder in map(Path, settings.package_dirs)
                 if folder.is_dir())


def model_status() -> ModelStatus | None:
    """What a Models page shows about the installed de→en model, or None."""
    current = installed_de_en()
    if current is None:
        return None
    path = Path(current.package_path)
    size = sum(item.stat().st_size for item in path.rglob("*") if item.is_file() and not item.is_symlink())
    return ModelStatus(f"translate-{FROM}_{TO}", str(current.package_version), path, size)


# --- installing ---------------------------------------------------------------------------

def install_model(file: Path | None = None, sha256: str | None = None) -> Outcome:
    if file is not None:
        return install_file(Path(file), sha256)
    current = installed_de_en()
    if current is not None:
        return Outcome("already-installed", f"{_name(current)} is already installed in {current.package_path}.")
    return install_from_index(sha256)


def install_file(path: Path, sha256: str | None = None) -> Outcome:
    path = Path(path)
    if not path.is_file():
        return Outcome("not-found", f"No such file: {path}")
    digest = file_sha256(path)
    if sha256 and digest != sha256.lower():
        return Outcome("checksum-mismatch", f"{path.name}: sha256 is {digest}, expected {sha256}. Not installed.")
    try:
        top, metadata = _package_layout(path)
    except CorruptPackage as error:
        return Outcome("corrupt", f"{path.name} is not a usable Argos de→en package: {error}. Nothing was installed.")
    with _install_lock() as work:
        current = installed_de_en()  # again, under the lock: another install may just have finished
        if current is not None and _version(current) >= _parse(metadata.get("package_version", "0")):
            return Outcome("already-installed",
                           f"{_name(current)} is already installed (the file has version {metadata.get('package_version')}).")
        return _install_verified(path, top, work, digest)


def _install_verified(path: Path, top: str, work: Path, digest: str) -> Outcome:
    staging = Path(tempfile.mkdtemp(prefix="staging-", dir=work))
    try:
        extract_zip(path, staging, UNPACK_LIMITS, "model package")
        _verify_unpacked(staging / top)
        installed_path = _swap_in(staging / top)
    except ArchiveRefused as error:
        return Outcome("corrupt", f"{path.name} was not installed: {_describe(error)}. "
                                  "The installed model is unchanged.")
    except CorruptPackage as error:
        return Outcome("corrupt", f"{path.name} was not installed: {error}. The installed model is unchanged.")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _retire_others(installed_path, work)
    installed = installed_de_en()
    return Outcome("installed", f"Installed {_name(installed)} (sha256 {digest[:16]}…) into {installed.package_path}.")


def _verify_unpacked(folder: Path) -> None:
    """The unpacked package is de→en, complete, and its model loads."""
    for required in REQUIRED_FILES:
        if not (folder / required).is_file():
            raise CorruptPackage(f"{required} is missing")
    try:
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise CorruptPackage(f"metadata.json is unreadable ({error})") from None
    _check_metadata(metadata)
    from .sandbox import run_limited

    try:  # a damaged model.bin may crash CTranslate2: load it in a sandboxed process
        run_limited(_prove_loadable, str(folder), limits=_load_limits())
    except Exception as error:  # noqa: BLE001 - SandboxFailed, or whatever CTranslate2 or sentencepiece raise
        raise CorruptPackage(f"the model does not load ({error})") from None


def _load_limits():
    from .sandbox import Limits

    # Loading an int8 model maps about its file size; CTranslate2's threads
    # reserve address space generously, hence the wide memory limit.
    return Limits(memory_bytes=8192 * MiB, cpu_seconds=300, timeout=600)


def _prove_loadable(folder: str) -> bool:
    import ctranslate2
    import sentencepiece

    sentencepiece.SentencePieceProcessor(model_file=str(Path(folder) / "sentencepiece.model"))
    ctranslate2.Translator(str(Path(folder) / "model"), device="cpu", compute_type="int8")
    return True


def _swap_in(unpacked: Path) -> Path:
    """Rename the verified folder into the packages folder under a free name: one atomic step."""
    from argostranslate import settings

    packages = Path(settings.package_data_dir)
    metadata = json.loads((unpacked / "metadata.json").read_text(encoding="utf-8"))
    target = _free_name(packages, unpacked.name, str(metadata.get("package_version", "0")))
    _rename_in_packages(unpacked, target)
    return target


def _rename_in_packages(source: Path, target: Path) -> None:
    """One rename into or out of the packages folder, while no scan in this process is running.

    argostranslate lists the folder, then opens each package: a package renamed
    away in between makes its scan fail. Its own lock keeps this process's scans
    out; scans in other processes retry (see installed_packages).
    """
    from argostranslate import package

    with package.package_lock:
        os.rename(source, target)
    _forget_cached_languages()


def _free_name(packages: Path, preferred: str, version: str) -> Path:
    # A newer archive may reuse the installed folder's name; it gets another name
    # instead of overwriting the working model, which is retired after the swap.
    candidates = [preferred, f"translate-{FROM}_{TO}-{version.replace('.', '_')}"]
    candidates += [f"{candidates[1]}-{number}" for number in range(2, 100)]
    for name in candidates:
        if not (packages / name).exists():
            return packages / name
    raise CorruptPackage("no free folder name for it in the packages folder")


def _retire_others(installed_path: Path, work: Path) -> None:
    """Move the other de→en packages out of the packages folder in one step each, then delete them."""
    from argostranslate import settings

    packages = Path(settings.package_data_dir)
    for other in installed_packages():
        other_path = Path(other.package_path)
        if (other.from_code, other.to_code, other.type) != (FROM, TO, "translate") or other_path == installed_path:
            continue
        if other_path.parent != packages:  # e.g. a read-only snap folder: not ours to delete
            continue
        retired = Path(tempfile.mkdtemp(prefix="retired-", dir=work))
        _rename_in_packages(other_path, retired / other_path.name)
        shutil.rmtree(retired, ignore_errors=True)


def _forget_cached_languages() -> None:
    from argostranslate import translate

    translate.get_installed_languages.cache_clear()


# --- the work area and the lock ---------------------------------------------------------------

@contextlib.contextmanager
def _install_lock():
    """Hold the install lock; yield the work area, cleared of what a crashed install left there."""
    work = _work_area()
    with open(work / "install.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            _clear_leftovers(work)
            yield work
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _work_area() -> Path:
    from argostranslate import settings

    packages = Path(settings.package_data_dir)
    packages.mkdir(parents=True, exist_ok=True)
    beside = packages.parent / f".{packages.name}-lesepult-work"
    try:
        beside.mkdir(exist_ok=True)
    except OSError:  # e.g. a read-only parent folder
        return _work_area_inside(packages)
    return beside if _same_filesystem(beside, packages) else _work_area_inside(packages)


def _same_filesystem(a: Path, b: Path) -> bool:
    """Whether a rename from `a` into `b` is one atomic step (no copy across devices)."""
    return a.stat().st_dev == b.stat().st_dev


def _work_area_inside(packages: Path) -> Path:
    """A work folder inside the packages folder, marked so that scans of it keep working."""
    inside = packages / ".lesepult-work"
    if not (inside / "metadata.json").exists():
        inside.mkdir(exist_ok=True)
        marker = {"type": WORK_TYPE, "package_version": "0", "from_code": None, "to_code": None,
                  "description": "Lesepult's staging area for model installs; not a package."}
        (inside / "metadata.json").write_text(json.dumps(marker), encoding="utf-8")
    return inside


def _clear_leftovers(work: Path) -> None:
    """Staging and retired folders of an install that died (we hold the lock: no one else is using them)."""
    for item in work.iterdir():
        if item.is_dir() and item.name.startswith(("staging-", "retired-")):
            shutil.rmtree(item, ignore_errors=True)


# --- the package index and downloads ------------------------------------------------------------

def install_from_index(sha256: str | None = None) -> Outcome:
    return download_and_install(sha256=sha256)


def download_and_install(progress=None, sha256: str | None = None, index_url: str | None = None) -> Outcome:
    """Fetch the de→en package the Argos index lists, verify it, install it.

    `progress(done, total)` is called as bytes arrive (total is None when the
    server does not say). The index URL defaults to argostranslate's
    `settings.remote_package_index`, which the ARGOS_PACKAGE_INDEX environment
    variable sets (its base URL; "index.json" is appended).
    """
    try:
        entry = _index_entry(index_url or _default_index_url())
    except (OSError, ValueError) as error:
        return Outcome("offline", (
            f"The Argos package index could not be reached ({error}). Offline, download "
            f"{ARGOS_DE_EN_URLS[0]} on another machine and run: {OFFLINE_INSTALL_COMMAND}"))
    if entry is None or not _http_links(entry):
        return Outcome("not-found", "The Argos package index lists no German→English package.")
    expected = sha256 or entry.get("sha256") or entry.get("checksum") or _known_sha256(entry)
    with tempfile.TemporaryDirectory(prefix="lesepult-download-") as folder:
        target = Path(folder) / f"translate-{FROM}_{TO}.argosmodel"
        try:
            _download(_http_links(entry), target, progress)
        except OSError as error:
            return Outcome("offline", f"Downloading the model failed: {error}")
        return install_file(target, expected)


def _default_index_url() -> str:
    from argostranslate import settings

    return settings.remote_package_index


def _index_entry(index_url: str) -> dict | None:
    """The newest de→en translate package in the index, or None."""
    with urllib.request.urlopen(index_url, timeout=DOWNLOAD_TIMEOUT) as response:
        body = response.read(MAX_INDEX_BYTES + 1)
    if len(body) > MAX_INDEX_BYTES:
        raise ValueError(f"the index is larger than {MAX_INDEX_BYTES // MiB} MB")
    index = json.loads(body)
    if not isinstance(index, list):
        raise ValueError("the index is not a list of packages")
    entries = [e for e in index if isinstance(e, dict) and e.get("from_code") == FROM and e.get("to_code") == TO
               and e.get("type", "translate") == "translate"]
    return max(entries, key=lambda e: _parse(e.get("package_version", "0")), default=None)


def _http_links(entry: dict) -> list[str]:
    return [link for link in entry.get("links") or [] if str(link).startswith(("https://", "http://"))]


def _known_sha256(entry: dict) -> str | None:
    return ARGOS_DE_EN_SHA256 if ARGOS_DE_EN_URLS[0] in (entry.get("links") or []) else None


def _download(links: list[str], target: Path, progress=None) -> None:
    last_error: OSError = OSError("no download link")
    for link in links:
        try:
            _download_one(link, target, progress)
            return
        except OSError as error:
            last_error = error
    raise last_error


def _download_one(link: str, target: Path, progress) -> None:
    with urllib.request.urlopen(link, timeout=DOWNLOAD_TIMEOUT) as response, open(target, "wb") as out:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        if total is not None and total > MAX_DOWNLOAD_BYTES:
            raise OSError(f"the package is larger than {MAX_DOWNLOAD_BYTES // MiB} MB")
        done = 0
        if progress:
            progress(done, total)
        while block := response.read(MiB):
            done += len(block)
            if done > MAX_DOWNLOAD_BYTES:
                raise OSError(f"the package is larger than {MAX_DOWNLOAD_BYTES // MiB} MB")
            out.write(block)
            if progress:
                progress(done, total)
    if total is not None and done != total:
        raise OSError(f"the download stopped after {done:,} of {total:,} bytes")


# --- checking archives ------------------------------------------------------------------------

def check_archive(path: Path) -> dict:
    """The metadata of a well-formed de→en package archive, or CorruptPackage.

    Every member is inflated and counted (lesepult.archives), so a damaged or
    oversized archive is refused without writing anything.
    """
    _top, metadata = _package_layout(path)
    try:
        check_zip(path, UNPACK_LIMITS, "model package")
    except ArchiveRefused as error:
        raise CorruptPackage(_describe(error)) from None
    return metadata


def _describe(error: ArchiveRefused) -> str:
    """A refusal, worded for someone installing a model rather than uploading a document."""
    if error.reason == "damaged":
        return "the archive is damaged (download it again)"
    return str(error).rstrip(".")


def _package_layout(path: Path) -> tuple[str, dict]:
    """The package folder name and metadata, from the archive's directory and metadata.json alone."""
    if not zipfile.is_zipfile(path):
        raise CorruptPackage("it is not a zip archive")
    try:
        with zipfile.ZipFile(path) as archive:
            top = _single_top_folder(archive.namelist())
            missing = [f for f in REQUIRED_FILES if f"{top}/{f}" not in archive.namelist()]
            if missing:
                raise CorruptPackage(f"{missing[0]} is missing")
            with archive.open(f"{top}/metadata.json") as member:
                raw = member.read(MAX_METADATA_BYTES + 1)  # bounded: the declared size may lie
    except CorruptPackage:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as error:
        raise CorruptPackage(f"the archive is damaged ({error})") from None
    if len(raw) > MAX_METADATA_BYTES:
        raise CorruptPackage("metadata.json is implausibly large")
    try:
        metadata = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise CorruptPackage(f"metadata.json is unreadable ({error})") from None
    _check_metadata(metadata)
    return top, metadata


def _check_metadata(metadata) -> None:
    if not isinstance(metadata, dict):
        raise CorruptPackage("metadata.json is not an object")
    if (metadata.get("from_code"), metadata.get("to_code")) != (FROM, TO):
        raise CorruptPackage(f"it translates {metadata.get('from_code')}→{metadata.get('to_code')}, not de→en")
    if metadata.get("type", "translate") != "translate":
        raise CorruptPackage(f"it is a {metadata.get('type')!r} package, not a translation model")


def _single_top_folder(names: list[str]) -> str:
    tops = set()
    for name in names:
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or ".." in parts or "\\" in name:
            raise CorruptPackage(f"unsafe path {name!r}")
        tops.add(parts[0])
    if len(tops) != 1:
        raise CorruptPackage("it must hold exactly one package folder")
    top = tops.pop()
    if top.startswith("."):  # hidden names are our work area's
        raise CorruptPackage(f"{top!r} is not a package folder name")
    return top


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
