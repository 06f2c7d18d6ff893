"""Real services for tests/services: redis-server, rabbitmq-server, Celery workers and gunicorn as child processes.

Every process gets a private port and folder and is stopped by the test
that started it; waits poll a condition with a deadline, never a fixed sleep.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Callable, TypeVar

from . import ROOT

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in out.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return open(f"/proc/{pid}/stat").read().split()[2] != "Z"


def wait_for(condition: Callable[[], T], timeout: float = 30, what: str = "the condition") -> T:
    """Poll `condition` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM, and SIGKILL if it does not go in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Redis:
    """redis-server on a private port, persisting every write (appendonly, fsync always) in `folder`."""

    def __init__(self, folder: Path):
        self.folder, self.port, self.process = folder, free_port(), None
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "Redis":
        executable = shutil.which("redis-server")
        if executable is None:
            raise AssertionError("redis-server is missing: `make test` installs Debian's redis-server")
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no"],
            stdout=open(self.folder / "redis.log", "ab"), stderr=subprocess.STDOUT)
        wait_for(self._pings, 10, "redis-server to answer")
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)  # SIGTERM: Redis writes its append-only file and exits

    def restart(self) -> None:
        self.stop()
        self.start()

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_timeout=5)

    def waiting(self, queue: str) -> int:
        """Messages in a Celery queue not yet handed to a worker."""
        return self.client().llen(queue)

    def _pings(self) -> bool:
        import redis

        try:
            return self.client().ping()
        except (OSError, redis.exceptions.ConnectionError):  # redis-py's is no OSError
            return False


RABBITMQ = Path("/usr/lib/rabbitmq/bin")   # Debian's scripts themselves: /usr/sbin's wrappers switch to the rabbitmq user
VHOSTS = 40                                # one per test (and bench run) on a server


class RabbitMQ:
    """rabbitmq-server on private ports (AMQP, Erlang distribution, epmd), its node's data in `folder`.

    Slower to start than Redis (Erlang: several seconds), so a test module starts one and each test
    takes a virtual host of its own (`vhost`): its own queues, as good as a server of its own.
    """

    def __init__(self, folder: Path):
        self.folder, self.process = folder, None
        self.port, self.dist_port, self.epmd_port = free_port(), free_port(), free_port()
        self.node = f"lesepult-test-{self.port}@localhost"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "enabled_plugins").write_text("[].\n")   # no management plugin: nothing else listens
        # Virtual hosts made at boot from a definitions file: rabbitmqctl (an Erlang VM per call) is slow.
        (folder / "definitions.json").write_text(json.dumps(_definitions(VHOSTS)))
        (folder / "rabbitmq.conf").write_text(f"listeners.tcp.1 = 127.0.0.1:{self.port}\n"
                                              f"distribution.listener.interface = 127.0.0.1\n"
                                              f"load_definitions = {folder / 'definitions.json'}\n")
        self.vhosts = (f"test-{number}" for number in range(VHOSTS))
        self.env = {**os.environ, "HOME": str(folder),   # the node's Erlang cookie: here, not in the user's home
                    "RABBITMQ_NODENAME": self.node, "RABBITMQ_NODE_PORT": str(self.port),
                    "RABBITMQ_DIST_PORT": str(self.dist_port), "ERL_EPMD_PORT": str(self.epmd_port),
                    "RABBITMQ_MNESIA_BASE": str(folder / "mnesia"), "RABBITMQ_LOG_BASE": str(folder / "log"),
                    "RABBITMQ_ENABLED_PLUGINS_FILE": str(folder / "enabled_plugins"),
                    "RABBITMQ_CONFIG_FILE": str(folder / "rabbitmq"), "RABBITMQ_PID_FILE": str(folder / "pid"),
                    "RUNNING_UNDER_SYSTEMD": "1"}   # the script execs the Erlang VM: SIGTERM reaches it

    def start(self) -> "RabbitMQ":
        if not (RABBITMQ / "rabbitmq-server").exists():
            raise AssertionError("rabbitmq-server is missing: `make test` installs Debian's rabbitmq-server")
        self.process = subprocess.Popen([str(RABBITMQ / "rabbitmq-server")], env=self.env, cwd=self.folder,
                                        stdout=open(self.folder / "rabbitmq.log", "ab"), stderr=subprocess.STDOUT)
        try:
            wait_for(self._answers, 120, "rabbitmq-server to answer")
        except AssertionError:
            self.close()
            raise
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process, timeout=60)   # SIGTERM: RabbitMQ closes its queues cleanly and exits

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop the server and the private epmd the Erlang VM started for it."""
        self.stop()
        subprocess.run(["epmd", "-port", str(self.epmd_port), "-kill"], capture_output=True, env=self.env)

    def vhost(self) -> "Vhost":
        """A virtual host no one has used yet."""
        return Vhost(self, next(self.vhosts))

    def connection(self, vhost: str = "/"):
        import amqp

        connection = amqp.Connection(f"127.0.0.1:{self.port}", userid="guest", password="guest",
                                     virtual_host=vhost, connect_timeout=2)
        connection.connect()
        return connection

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"rabbitmq-server exited with {self.process.returncode}:\n"
                                 + (self.folder / "rabbitmq.log").read_text(errors="replace")[-3000:])
        try:
            self.connection().close()
            return True
        except Exception:   # refused, reset, or "not ready" while the node boots
            return False


def _definitions(vhosts: int) -> dict:
    """The user guest (password guest) and `vhosts` virtual hosts it may use, as RabbitMQ's definitions."""
    salt = os.urandom(4)   # RabbitMQ's SHA-256 password hash: base64(salt + sha256(salt + password))
    password_hash = base64.b64encode(salt + hashlib.sha256(salt + b"guest").digest()).decode()
    names = ["/"] + [f"test-{number}" for number in range(vhosts)]   # "/": where start() asks if it is up
    return {"users": [{"name": "guest", "password_hash": password_hash, "tags": "administrator",
                       "hashing_algorithm": "rabbit_password_hashing_sha256"}],
            "vhosts": [{"name": name} for name in names],
            "permissions": [{"user": "guest", "vhost": name, "configure": ".*", "write": ".*", "read": ".*"}
                            for name in names]}


class Vhost:
    """One test's virtual host on a shared RabbitMQ: what a test needs of a broker, as `Redis` offers it."""

    def __init__(self, server: RabbitMQ, name: str):
        self.server, self.name = server, name

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.server.port}/{self.name}"

    def restart(self) -> None:
        self.server.restart()

    def waiting(self, queue: str) -> int:
        """Messages in a queue not yet handed to a worker (0 while nobody has declared the queue)."""
        import amqp

        connection = self.server.connection(self.name)
        try:
            return connection.channel().queue_declare(queue, passive=True).message_count
        except amqp.exceptions.NotFound:
            return 0
        finally:
            connection.close()


class Worker:
    """`python -m lesepult worker …` as a child process, its output in a log file."""

    def __init__(self, env: dict, log: Path, *arguments: str):
        self.log_path = log
        self.process = subprocess.Popen([sys.executable, "-m", "lesepult", "worker", *arguments], cwd=ROOT,
                                        env={**env, "PYTHONUNBUFFERED": "1"},  # the log is read while it runs
                                        stdout=open(log, "ab"), stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def ready(self, processes: int = 0, timeout: float = 120) -> "Worker":
        """Wait until Celery is consuming and `processes` pool processes have loaded their engine."""
        def is_ready():
            if self.process.poll() is not None:
                raise AssertionError(f"the worker exited with {self.process.returncode}:\n{self.log()}")
            text = self.log()
            return " ready." in text and text.count("pool process ready") >= processes
        wait_for(is_ready, timeout, f"the worker ({self.log_path.name}) to be ready")
        return self

    def pool(self) -> list[int]:
        return children(self.pid)

    def in_hand(self) -> list[str]:
        """The batches this translation worker's log shows received and not yet finished."""
        received, finished = [], set()
        for line in self.log().splitlines():
            if "translate_batch[" in line:
                batch = line.split("translate_batch[", 1)[1].split("]", 1)[0]
                (received.append(batch) if line.endswith(" received") else finished.add(batch))
        return [batch for batch in received if batch not in finished]

    def kill(self) -> None:
        """SIGKILL the main process and its pool at once, as a machine dying would."""
        for pid in [self.pid, *self.pool()]:
            kill_now(pid)
        self.process.wait()

    def stop(self) -> None:
        stop(self.process, timeout=20)


def start_server(env: dict, port: int) -> tuple[subprocess.Popen, str]:
    """`make run`'s gunicorn (deploy/gunicorn.conf.py) on a private port; its output is piped."""
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"], cwd=ROOT,
                               env={**env, "LESEPULT_BIND": f"127.0.0.1:{port}"},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"

    def healthy():
        try:
            return urllib.request.urlopen(url + "/healthz", timeout=1).status == 200
        except OSError:
            return False
    wait_for(healthy, 60, "gunicorn to serve")
    return process, url


def kill_now(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
