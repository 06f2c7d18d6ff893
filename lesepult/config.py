"""Settings shared by the web app and every `python -m lesepult` command.

Each setting has a config key; the ones an operator sets per machine also
have an environment variable. Later sources win: the defaults below, then
`instance/config.py` (Python, UPPERCASE names), then the environment:

  DATABASE              LESEPULT_DATABASE        the SQLite file (default instance/lesepult.sqlite)
  TRANSLATION_ENGINE    LESEPULT_ENGINE          auto | argos | gloss
  DICTIONARY_DB         LESEPULT_DICTIONARY      the Ding index (default data/ding.sqlite)
  BROKER_URL            LESEPULT_BROKER_URL      amqp://user:password@host:5672// (RabbitMQ) or
                                                 redis://host:port/db: translate on Celery workers
  BROKER_VISIBILITY_TIMEOUT  LESEPULT_BROKER_VISIBILITY_TIMEOUT  seconds before Redis hands an unacked
                                                 batch to another worker (default 600)
  BATCH_HEARTBEAT       LESEPULT_BATCH_HEARTBEAT   seconds between a Redis worker's heartbeats (default 5)
  BATCH_LOST_AFTER      LESEPULT_BATCH_LOST_AFTER  seconds without a heartbeat before the batches a
                                                 worker held are sent again (default 30)
  TRANSLATOR            LESEPULT_TRANSLATOR      thread (the app translates in the background itself) |
                                                 process (`python -m lesepult translator` does; make run)
  TRUSTED_HOSTS         LESEPULT_TRUSTED_HOSTS   host names the app answers to, comma-separated
                                                 (default the loopback names; any port)
  LOGIN_REQUIRED        LESEPULT_LOGIN_REQUIRED  auto | 1 | 0 (see `login_required`)
  PROXY_FIX             LESEPULT_PROXY_FIX       how many reverse proxies in front set X-Forwarded-* (0: none)
  PREFERRED_URL_SCHEME  LESEPULT_URL_SCHEME      https behind TLS: the session cookie is then Secure

The server command exports LESEPULT_BIND=host:port, the address it listens
on; `login_required` reads it.
"""
from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from .translation.engines import LOW_CONFIDENCE

ROOT = Path(__file__).resolve().parents[1]
INSTANCE = ROOT / "instance"
ENVIRONMENT = {"DATABASE": "LESEPULT_DATABASE", "TRANSLATION_ENGINE": "LESEPULT_ENGINE",
               "DICTIONARY_DB": "LESEPULT_DICTIONARY", "BROKER_URL": "LESEPULT_BROKER_URL",
               "BROKER_VISIBILITY_TIMEOUT": "LESEPULT_BROKER_VISIBILITY_TIMEOUT",
               "BATCH_HEARTBEAT": "LESEPULT_BATCH_HEARTBEAT", "BATCH_LOST_AFTER": "LESEPULT_BATCH_LOST_AFTER",
               "TRANSLATOR": "LESEPULT_TRANSLATOR", "TRUSTED_HOSTS": "LESEPULT_TRUSTED_HOSTS",
               "LOGIN_REQUIRED": "LESEPULT_LOGIN_REQUIRED", "PROXY_FIX": "LESEPULT_PROXY_FIX",
               "PREFERRED_URL_SCHEME": "LESEPULT_URL_SCHEME"}
MiB = 1024 * 1024
# Names of this machine that only this machine can use. A browser sends them in
# Host only when it really talks to the loopback interface; a DNS-rebinding page
# sends its own name, which the allow-list refuses.
LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


def defaults(instance: Path = INSTANCE) -> dict:
    return {
        "DATABASE": str(instance / "lesepult.sqlite"),
        "TRANSLATION_ENGINE": "auto",
        "DICTIONARY_DB": str(ROOT / "data" / "ding.sqlite"),
        "BROKER_URL": None,
        "BROKER_VISIBILITY_TIMEOUT": 600,   # lesepult/distributed/celery_app.py says why
        "BATCH_HEARTBEAT": 5,               # lesepult/distributed/heartbeat.py says why
        "BATCH_LOST_AFTER": 30,
        "TRANSLATOR": "thread",
        "TRANSLATION_CHUNK": 16,          # sentences per engine call when the page asks paragraph by paragraph
        "READER_WINDOW": 40,              # paragraphs in a reader window when a document has no chapters
        "LOW_CONFIDENCE": LOW_CONFIDENCE,
        "IMPORT_WAIT": 3.0,               # seconds a request waits for its import before showing progress
        "MAX_CONTENT_LENGTH": 52 * MiB,   # one request: an upload (importers.MAX_UPLOAD_BYTES) and its form
        "MAX_FORM_MEMORY_SIZE": 48 * MiB, # one pasted text (10 million characters), with room to say it is too long
        "TRUSTED_HOSTS": LOOPBACK_HOSTS,  # Flask's own key: other Host headers are answered 400
        "LOGIN_REQUIRED": "auto",
        "PROXY_FIX": 0,
        "PREFERRED_URL_SCHEME": "http",
    }


def from_instance_file(instance: Path = INSTANCE) -> dict:
    """The UPPERCASE names of instance/config.py, as Flask's `from_pyfile` reads them."""
    path = instance / "config.py"
    if not path.is_file():
        return {}
    namespace: dict = {"__file__": str(path)}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return {key: value for key, value in namespace.items() if key.isupper()}


def from_environment() -> dict:
    return {key: _parse(key, os.environ[variable])
            for key, variable in ENVIRONMENT.items() if os.environ.get(variable)}


def _parse(key: str, value: str):
    if key == "TRUSTED_HOSTS":
        return [name.strip() for name in value.split(",") if name.strip()]
    if key == "PROXY_FIX":
        return int(value)
    return value


def load(instance: Path = INSTANCE) -> dict:
    return {**defaults(instance), **from_instance_file(instance), **from_environment()}


def setting(key: str):
    """One setting as every command sees it."""
    return load()[key]


def login_required(choice: str | bool, bind: str | None = None, proxied: bool = False) -> bool:
    """Whether readers must log in: the one place this is decided.

    "1" and "0" say so outright. "auto" requires accounts unless the server
    listens on loopback only, where the only reader is the machine's owner.
    `bind` is the server's LESEPULT_BIND; without one the app runs under
    `flask run` or a test, which listen on loopback. A reverse proxy in front
    (`proxied`) exposes even a loopback server, so it requires accounts too.
    """
    choice = str(choice).lower()
    if choice in ("1", "true", "yes", "on"):
        return True
    if choice in ("0", "false", "no", "off"):
        return False
    if choice != "auto":
        raise ValueError(f"LOGIN_REQUIRED is auto, 1 or 0, not {choice!r}")
    return proxied or not is_loopback(bind)


def is_loopback(bind: str | None) -> bool:
    """Whether every address in `bind` (host:port, comma-separated) is reachable from this machine only.

    None (no server command said where it listens) counts as loopback. A unix
    socket does not: whoever connects to it, a reverse proxy usually, may be
    serving the world.
    """
    if bind is None:
        return True
    return all(_loopback_address(address.strip()) for address in bind.split(","))


def _loopback_address(address: str) -> bool:
    host = address.strip("[]")
    if _ip(host) is None and ":" in address:   # host:port or [v6]:port
        host = address.rpartition(":")[0].strip("[]")
    ip = _ip(host)
    # Anything else (unix:…, another name, an empty host meaning every interface) we cannot vouch for.
    return host == "localhost" or (ip is not None and ip.is_loopback)


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
