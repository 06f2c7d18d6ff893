"""Command line: python -m lesepult {install-model,models,index-dictionary,translate,translator,worker,users,backup}.

An entrypoint like the web views: commands parse their arguments, call the
same services and print. The database and the engine come from the same
settings as the app's (lesepult/config.py: LESEPULT_DATABASE, …).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from .config import ROOT, setting

DING_FILE = ROOT / "data" / "ding" / "usr" / "share" / "trans" / "de-en"
TRANSLATE_BATCH = 32  # sentences per engine call: one full CTranslate2 batch, one progress step
WAIT_POLL = 0.5       # seconds between progress checks while Celery workers translate (--distributed)
STALL_HINT = 60       # seconds without a result before --distributed says what may be missing

EXIT_CODES = {"installed": 0, "already-installed": 0, "offline": 3, "not-found": 4,
              "corrupt": 5, "checksum-mismatch": 6}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lesepult", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    install = commands.add_parser("install-model", help="install the Argos de→en model (index online, or --file)")
    install.add_argument("--file", type=Path, help="a translate-de_en-*.argosmodel file (offline install)")
    install.add_argument("--sha256", help="expected sha256 of the file or download")
    commands.add_parser("models", help="list the installed Argos packages")
    index = commands.add_parser("index-dictionary", help="index the Ding dictionary into SQLite")
    index.add_argument("--ding", type=Path, default=DING_FILE)
    index.add_argument("--db", type=Path, default=Path(setting("DICTIONARY_DB")))
    add_translate_parser(commands)
    translator_parser = commands.add_parser(
        "translator", help="translate queued documents in the background until stopped (make run starts it"
                           " beside the web server)")
    translator_parser.add_argument("--exit-with-parent", action="store_true",
                                   help="stop when the process that started it is gone (gunicorn's master)")
    add_worker_parser(commands)
    add_users_parser(commands)
    backup_parser = commands.add_parser("backup", help="copy the app's database, consistently, while it serves")
    backup_parser.add_argument("target", type=Path, help="the file to write (it must not exist yet)")
    backup_parser.add_argument("--db", type=Path, default=Path(setting("DATABASE")))
    args = parser.parse_args(argv)
    return {"install-model": install_model, "models": list_models, "index-dictionary": index_dictionary,
            "translate": translate, "translator": translator, "worker": worker, "users": users,
            "backup": backup}[args.command](args)


def backup(args) -> int:
    """SQLite's online backup: a consistent copy while readers and writers go on (never copy the file itself)."""
    from .storage import backup as copy_database

    if args.target.exists():
        print(f"{args.target} exists already; choose a new file.", file=sys.stderr)
        return 2
    if not args.db.is_file():
        print(f"There is no database at {args.db}.", file=sys.stderr)
        return 2
    pages = copy_database(args.db, args.target)
    print(f"Backed up {args.db} to {args.target} ({pages:,} pages).")
    return 0


def install_model(args) -> int:
    from .models import install_model as install

    outcome = install(args.file, args.sha256)
    print(outcome.message, file=sys.stdout if outcome.ok else sys.stderr)
    return EXIT_CODES[outcome.status]


def list_models(_args) -> int:
    from argostranslate import settings

    from .models import installed_packages

    packages = installed_packages()
    if not packages:
        print(f"No Argos packages installed in {settings.package_data_dir}.")
    for package in packages:
        print(f"{package.type}-{package.from_code}_{package.to_code}\t{package.package_version}\t{package.package_path}")
    return 0


def index_dictionary(args) -> int:
    from .dictionary import build_index

    if not args.ding.exists():
        print(f"The Ding file {args.ding} is missing: run `make setup` (it fetches Debian's trans-de-en).",
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    count = build_index(args.ding, args.db)
    print(f"Indexed {count:,} Ding entries into {args.db} in {time.perf_counter() - started:.1f} s.")
    return 0


def add_translate_parser(commands) -> None:
    from .exports import FORMATS

    translate = commands.add_parser(
        "translate", help="import files, translate them and export bilingual files",
        description="Exit codes: 0 all files written, 1 some files failed, 2 usage error, 3 no engine.")
    translate.add_argument("files", nargs="+", type=Path, metavar="FILE",
                           help="a .txt, .md, .html, .docx, .epub or .pdf file")
    translate.add_argument("--format", required=True, choices=FORMATS)
    translate.add_argument("-o", "--output", required=True, type=Path, metavar="DIR")
    translate.add_argument("--engine", default=setting("TRANSLATION_ENGINE"), choices=("auto", "argos", "gloss"))
    translate.add_argument("--db", type=Path, default=Path(setting("DATABASE")),
                           help="SQLite file for documents and cached translations (default: the app's,"
                                " LESEPULT_DATABASE)")
    translate.add_argument("--dictionary", type=Path, default=Path(setting("DICTIONARY_DB")), metavar="PATH",
                           help="the Ding index the gloss engine uses")
    translate.add_argument("--distributed", action="store_true",
                           help="translate on the Celery workers of LESEPULT_BROKER_URL (their store worker writes"
                                " into the app's database) and wait for them")


def translate(args) -> int:
    from .glossary.glossaries import Glossaries
    from .services import Limits, Workspace
    from .services.documents import start_import_jobs
    from .storage import connect, init_schema

    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"Cannot use {args.output} as the output folder: {error}", file=sys.stderr)
        return 2
    problem = _distributed_problem(args) if args.distributed else None
    if problem:
        print(problem, file=sys.stderr)
        return 2
    current = _translation_engine(args.engine, args.dictionary)
    if current is None:
        return 3
    engine = current()
    db = connect(args.db)
    init_schema(db)
    # The reader's own terms override curated ones, as in the app.
    start_import_jobs()
    ws = Workspace(db=db, engine_provider=lambda: engine, glossaries=Glossaries(),
                   limits=Limits(import_wait=None),  # a batch waits for each import to finish
                   enqueue=_dispatcher(args.db, engine) if args.distributed else None)
    progress = Progress(len(args.files), enabled=sys.stderr.isatty())
    failures = 0
    for number, path in enumerate(args.files, 1):
        target = args.output / _output_name(path, args.format, args.files[:number - 1])
        progress.start(number, path.name)
        try:
            _translate_file(ws, path, target, args.format, progress)
        except Exception as error:  # one bad file must not stop the batch
            failures += 1
            progress.end()
            print(f"{path}: {error}", file=sys.stderr)
    db.close()
    return 1 if failures else 0


def _distributed_problem(args) -> str | None:
    """Why --distributed cannot run, or None: results reach only the store worker's database."""
    from .distributed.celery_app import BrokerUrlError, check_broker_url, check_visibility_timeout

    try:
        check_broker_url(setting("BROKER_URL"))
        check_visibility_timeout(setting("BROKER_VISIBILITY_TIMEOUT"))
    except BrokerUrlError as error:
        return f"--distributed needs the broker: {error}"
    if args.db.resolve() != Path(setting("DATABASE")).resolve():
        return (f"--distributed stores through the store worker of the app's database ({setting('DATABASE')},"
                f" LESEPULT_DATABASE); --db {args.db} is another file")
    return None


def _dispatcher(database: Path, engine):
    from .distributed.dispatch import Dispatcher
    from .storage import connect
    from .translation import engine_key

    return Dispatcher(setting("BROKER_URL"), lambda: connect(database), lambda: engine_key(engine),
                      int(setting("BROKER_VISIBILITY_TIMEOUT"))).dispatch


def add_worker_parser(commands) -> None:
    worker = commands.add_parser(
        "worker", help="translate batches sent by the app through LESEPULT_BROKER_URL (Celery), or --store them",
        description="A Celery worker. Translation workers need the model (or the dictionary for the gloss), not"
                    " the app's database; the store worker runs where the database is. Exit codes: 2 usage,"
                    " 3 no engine.")
    worker.add_argument("--store", action="store_true",
                        help="write the workers' results into the translation cache of LESEPULT_DATABASE")
    worker.add_argument("--concurrency", type=int, metavar="N",
                        help="translation processes (default: one per core; each gets cores/N model threads)")
    worker.add_argument("--queues", type=lambda text: [q for q in text.split(",") if q], metavar="Q1,Q2",
                        help="queues to take tasks from (default: translate, or store with --store)")
    worker.add_argument("--loglevel", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))


def worker(args) -> int:
    from .distributed import worker as celery_worker
    from .distributed.celery_app import BrokerUrlError, check_broker_url, check_heartbeat, check_visibility_timeout

    try:
        broker = check_broker_url(setting("BROKER_URL"))
        visibility_timeout = check_visibility_timeout(setting("BROKER_VISIBILITY_TIMEOUT"))
        check_heartbeat(setting("BATCH_HEARTBEAT"), setting("BATCH_LOST_AFTER"))
        arguments = celery_worker.celery_arguments(args.concurrency, args.queues, args.store, args.loglevel)
    except (BrokerUrlError, celery_worker.WorkerError) as error:
        print(error, file=sys.stderr)
        return 2
    problem = None if args.store else celery_worker.engine_problem(setting("TRANSLATION_ENGINE"),
                                                                   Path(setting("DICTIONARY_DB")))
    if problem:
        print(problem, file=sys.stderr)
        return 3
    celery_worker.run(broker, visibility_timeout, arguments, args.store)
    return 0


def translator(args) -> int:
    """The embedded translator as its own process: one per app host, however many web workers run.

    SIGTERM (or Ctrl-C) stops it after the batch in hand, so the server's
    shutdown waits seconds, not minutes. With --exit-with-parent it also
    stops when its parent dies without telling it (a SIGKILLed gunicorn
    master), instead of living on as an orphan.
    """
    import signal
    import threading

    from .storage import connect, init_schema
    from .translation.background import Translator

    # A model installed while it runs replaces the gloss for the next batch, as in the web workers.
    current = _translation_engine(setting("TRANSLATION_ENGINE"), Path(setting("DICTIONARY_DB")))
    if current is None:
        return 3
    engine = current()
    database = setting("DATABASE")
    init_schema(connect(database))
    worker = Translator(lambda: connect(database), current)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: worker.stopping.set())
    if args.exit_with_parent:
        threading.Thread(target=_stop_with_parent, args=(os.getppid(), worker.stopping), daemon=True).start()
    print(f"Translating queued documents of {database} with {engine.name} ({engine.model})", file=sys.stderr,
          flush=True)
    worker.run()
    return 0


def _stop_with_parent(parent: int, stopping) -> None:
    while not stopping.wait(1.0):
        if os.getppid() != parent:  # re-parented: the process that started us is gone
            stopping.set()


def _translation_engine(choice: str, dictionary_path: Path):
    """The current engine for `choice` (a CurrentEngine), or None after saying why nothing can translate."""
    from .dictionary import Dictionary, DictionaryMissing
    from .translation import CurrentEngine

    try:
        dictionary = Dictionary(dictionary_path)
    except DictionaryMissing:
        dictionary = None
    current = CurrentEngine(choice, dictionary)
    try:
        engine = current()
    except LookupError as error:
        print(error, file=sys.stderr)
        return None
    if engine.name == "gloss" and dictionary is None:
        print("No translation model and no dictionary: run `make setup` or install a model.", file=sys.stderr)
        return None
    return current


def _output_name(path: Path, fmt: str, earlier: list[Path]) -> str:
    """`<stem>.<ext>`; a stem met earlier in the same run gets a number, so no output overwrites another."""
    from .exports import EXTENSIONS

    taken = sum(1 for other in earlier if other.stem == path.stem)
    stem = f"{path.stem}-{taken + 1}" if taken else path.stem
    return f"{stem}.{EXTENSIONS[fmt]}"


def _translate_file(ws, path: Path, target: Path, fmt: str, progress: "Progress") -> None:
    from .documents import load_paragraphs
    from .reading import translate_sentences
    from .services import documents
    from .services.reader import export

    document_id = documents.import_file(ws, path.name, path.read_bytes())
    info = documents.ready(ws, document_id)
    sentences = [s for p in load_paragraphs(ws.db, document_id, 0, info.paragraph_count) for s in p.sentences]
    if ws.enqueue is not None:  # --distributed: the import handed it to the workers
        _wait_for_workers(ws, document_id, progress)
    for start in range(0, len(sentences), TRANSLATE_BATCH):
        progress.show(start, len(sentences))
        translate_sentences(ws.db, ws.engine, sentences[start:start + TRANSLATE_BATCH])
    exported = export(ws, document_id, fmt)
    _write_atomically(target, exported.body)
    progress.show(len(sentences), len(sentences))
    progress.end(f"→ {target}")
    failed = sum(1 for s in sentences if s.error)
    if failed:
        print(f"{path}: {failed} of {len(sentences)} sentences could not be translated", file=sys.stderr)


def _wait_for_workers(ws, document_id: int, progress: "Progress") -> None:
    """Poll the store worker's progress until every sentence is translated or has failed.

    The export that follows then finds them all in the cache; only sentences
    the workers gave up on are tried once more here.
    """
    from .services.reader import progress as document_progress

    quiet_since, last = time.monotonic(), -1
    while not (state := document_progress(ws, document_id)).done:
        progress.show(state.translated + state.failed, state.sentences)
        if state.translated + state.failed != last:
            quiet_since, last = time.monotonic(), state.translated + state.failed
        elif time.monotonic() - quiet_since > STALL_HINT:
            progress.end()
            print("No results for a minute: are translation workers and `python -m lesepult worker --store`"
                  " running on this broker?", file=sys.stderr)
            quiet_since = float("inf")
        time.sleep(WAIT_POLL)


def _write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target, then rename: a reader never sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; an export is an ordinary file
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def add_users_parser(commands) -> None:
    users = commands.add_parser(
        "users", help="manage the accounts readers log in with when the server is exposed",
        description="Exit codes: 0 done, 1 refused (the message says why), 2 usage error.")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add an account (asks for its password)")
    add.add_argument("name")
    add.add_argument("--admin", action="store_true", help="may manage accounts (/admin/users)")
    actions.add_parser("list", help="list the accounts")
    remove = actions.add_parser("remove", help="remove an account with its documents, terms and word marks")
    remove.add_argument("name")
    passwd = actions.add_parser("passwd", help="set an account's password (its sessions end)")
    passwd.add_argument("name")
    for action in (add, passwd):
        action.add_argument("--password-stdin", action="store_true",
                            help="read the password from the first line of standard input (for scripts)")
    for action in actions.choices.values():
        action.add_argument("--db", type=Path, default=Path(setting("DATABASE")),
                            help="the app's SQLite file (default: LESEPULT_DATABASE or instance/lesepult.sqlite)")


def users(args) -> int:
    from .errors import UserError
    from .glossary.glossaries import Glossaries
    from .services import Workspace, accounts
    from .storage import connect, init_schema

    db = connect(args.db)
    init_schema(db)
    # The command line acts as the local reader: the machine's owner, an administrator.
    ws = Workspace(db=db, engine_provider=_no_engine, glossaries=Glossaries())
    try:
        if args.action == "list":
            for user in accounts.users(ws):
                print(f"{user.name}\t{'admin' if user.is_admin else 'reader'}\t{user.created_at}")
        elif args.action == "add":
            user = accounts.add(ws, args.name, _new_password(args.password_stdin), args.admin)
            print(f"Added {'administrator' if user.is_admin else 'reader'} {user.name}.")
        elif args.action == "passwd":
            accounts.set_password(ws, accounts.by_name(ws, args.name).id, _new_password(args.password_stdin))
            print(f"Changed the password of {args.name}; their sessions have ended.")
        else:
            print(accounts.remove(ws, accounts.by_name(ws, args.name).id))
    except UserError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        db.close()
    return 0


def _no_engine():
    raise RuntimeError("managing accounts translates nothing")


def _new_password(from_stdin: bool) -> str:
    """The first line of stdin, or typed twice at a prompt that does not echo it."""
    import getpass

    from .errors import UserError

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise UserError("The two passwords differ; nothing was changed.")
    return password


def _umask() -> int:
    current = os.umask(0)  # the only way to read it is to set it
    os.umask(current)
    return current


class Progress:
    """A one-line text bar, redrawn in place for each batch of sentences; silent unless on a terminal."""

    WIDTH = 30

    def __init__(self, files: int, enabled: bool):
        self.files, self.enabled = files, enabled
        self.label, self.drawn = "", False

    def start(self, number: int, name: str) -> None:
        self.label = f"[{number}/{self.files}] {name}"

    def show(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        filled = self.WIDTH * done // total if total else self.WIDTH
        bar = "#" * filled + "." * (self.WIDTH - filled)
        sys.stderr.write(f"\r{self.label} [{bar}] {done}/{total} sentences ")
        sys.stderr.flush()
        self.drawn = True

    def end(self, message: str = "") -> None:
        """Finish the bar's line, so what follows starts on a fresh one."""
        if self.enabled and (self.drawn or message):
            sys.stderr.write(f"{message}\n")
            sys.stderr.flush()
        self.drawn = False
