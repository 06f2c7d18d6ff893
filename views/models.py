"""The Models page: the installed model, where the real one comes from, and installing it from the browser."""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.utils import secure_filename

from lesepult.errors import UserError
from lesepult.services import models as model_service

from .workspace import get_engine, workspace

bp = Blueprint("models", __name__)


def _progress_file() -> Path:
    return Path(current_app.instance_path) / "model-download.json"


@bp.get("/models")
def page():
    return _page(message=request.args.get("installed"))


def _page(message: str | None = None, error: str | None = None, status: int = 200):
    return render_template("models.html", model=model_service.status(), engine=get_engine(),
                           download=model_service.download_progress(_progress_file()),
                           message=message, error=error), status


@bp.post("/models")
def install():
    """Upload an .argosmodel (multipart `file`, optional `sha256`), verified as by the CLI; 303 to /models."""
    request.max_content_length = model_service.MAX_PACKAGE_BYTES  # the package is larger than any document
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise UserError("Choose a translate-de_en-*.argosmodel file to upload.")
    with tempfile.TemporaryDirectory(prefix="lesepult-model-") as folder:
        # Saved under the reader's own file name, so a refusal names the file they chose.
        path = Path(folder) / (secure_filename(Path(upload.filename).name) or "upload.argosmodel")
        upload.save(path)
        try:
            outcome = model_service.install_upload(workspace(), path, request.form.get("sha256"))
        except UserError as refused:
            if refused.status == 403:
                raise
            return _page(error=str(refused), status=refused.status)
    return redirect(url_for("models.page", installed=outcome.message), code=303)


@bp.post("/models/download")
def download():
    model_service.start_download(workspace(), _progress_file())
    return render_template("_model_download.html", download=model_service.download_progress(_progress_file()))


@bp.get("/models/download")
def download_progress():
    return render_template("_model_download.html", download=model_service.download_progress(_progress_file()))
