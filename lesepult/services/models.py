"""Use cases of the translation model: what is installed, install an uploaded package, download one.

Installing goes through lesepult.models, the same verified path as the CLI
(counted unpack into a work folder, the model loaded once in a limited child
process, then swapped in whole). Every process notices the new model by
itself (translation.CurrentEngine), so the app switches without a restart.
Downloads run in a thread and write their progress to a small JSON file,
so every web worker can show it, whichever one started the download.
"""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from .. import models
from ..errors import UserError
from . import Workspace
from .accounts import require_admin

# Outcome statuses that mean the reader gave something unusable.
REFUSALS = {"not-found": 400, "corrupt": 400, "checksum-mismatch": 400, "offline": 503}
MAX_PACKAGE_BYTES = 2048 * 1024 * 1024   # the real package is about 150 MB


def status() -> dict:
    return {"installed": models.model_status(), "urls": models.ARGOS_DE_EN_URLS,
            "version": models.ARGOS_DE_EN_VERSION, "sha256": models.ARGOS_DE_EN_SHA256,
            "index": models.ARGOS_INDEX_URL, "command": models.OFFLINE_INSTALL_COMMAND}


def install_upload(ws: Workspace, path: Path, sha256: str | None) -> models.Outcome:
    """Install the uploaded .argosmodel at `path`; a refusal is a UserError with the installer's message."""
    require_admin(ws, "install a translation model")  # it changes the app for every reader
    sha256 = (sha256 or "").strip().lower() or None
    if sha256 and (len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256)):
        raise UserError("A sha256 is 64 hexadecimal characters.")
    outcome = models.install_file(path, sha256)
    if not outcome.ok:
        raise UserError(outcome.message, REFUSALS.get(outcome.status, 400))
    return outcome


def start_download(ws: Workspace, progress_file: Path) -> None:
    """Fetch and install the package the Argos index lists, in the background; progress goes to the file."""
    require_admin(ws, "install a translation model")  # it changes the app for every reader
    if download_progress(progress_file).get("state") == "running":
        raise UserError("A download is already running.", 409)
    _write(progress_file, {"state": "running", "done": 0, "total": None})
    threading.Thread(target=_download, args=(progress_file,), name="model-download", daemon=True).start()


def _download(progress_file: Path) -> None:
    def progress(done: int, total: int | None) -> None:
        _write(progress_file, {"state": "running", "done": done, "total": total})
    try:
        outcome = models.download_and_install(progress=progress)
        _write(progress_file, {"state": outcome.status, "message": outcome.message, "ok": outcome.ok})
    except Exception as error:  # the page must say it ended, whatever happened
        _write(progress_file, {"state": "failed", "message": f"The download failed: {error}", "ok": False})


def download_progress(progress_file: Path) -> dict:
    try:
        return json.loads(progress_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write(path: Path, data: dict) -> None:
    """Replace the file whole, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, path)
