"""Run one function in a separate, resource-limited process.

Parsing a hostile upload may need unbounded memory or time; done in the web
process, that takes the whole app down. `run_limited` runs a picklable
function in a child process that caps its own address space (RLIMIT_AS) and
CPU seconds (RLIMIT_CPU) at start, while the parent enforces a wall-clock
timeout. The function's value comes back; so does its exception, unchanged,
when it can be pickled (an `ImportFailed(message, status=413)` keeps both). A
limit, a crash or a kill becomes `SandboxFailed`, whose `reason` says which.

Children come from a job server (lesepult/sandbox_server.py): a small program
this module starts once, `python -m lesepult.sandbox_server`, which forks every
job. Forking from it (not from the web server) is safe however many threads
the web server runs, and a job costs a fork, not an interpreter start. Modules
named in `start(preload=[...])` are imported once in the server, so each job
starts with them loaded. The server is started from this package, never by
re-importing the caller's main module, so any program may run jobs: a script
with or without an `if __name__ == "__main__":` guard, `python -c`, a program
read from standard input, `flask shell`. Jobs must be module-level functions
of importable modules (not of the main script). A program that ends waits
for its jobs still running, then the server stops with it; a program that is
killed takes the server and its jobs along. No Flask here.
"""
from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

MiB = 1024 * 1024
REAP_SECONDS = 5.0  # how long a job may take to exit after its answer, or after it is killed
PID, ANSWER, EXIT = b"P", b"A", b"X"  # the first byte of each message on a job's socket (sandbox_server.py)


class SandboxFailed(RuntimeError):
    """The job did not return: `reason` is memory, cpu-time, timeout, killed, crashed or error."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason

    def __reduce__(self):
        return type(self), (str(self), self.reason), self.__dict__


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 1024 * MiB  # address space of the whole child, preloaded modules included
    cpu_seconds: int = 60
    timeout: float = 120.0          # wall clock, as seen by the parent


class _Server:
    """The running job server, as this process sees it: the process and the control socket."""

    def __init__(self, preload: list[str]):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)  # one message, one job
        # The server finds modules (itself, the preload, each job's function) through this
        # process's sys.path, handed over as PYTHONPATH ("" is the working directory), and
        # only through it (-P: not through its own working directory).
        path = os.pathsep.join(os.path.abspath(entry) for entry in sys.path)
        environment = {**os.environ, "PYTHONPATH": path}
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-P", "-m", "lesepult.sandbox_server", str(theirs.fileno()), *preload],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=environment)
        self.control = ours
        self.owner = os.getpid()

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def submit(self) -> Connection:
        """A new job: the socket whose other end the server forks a child for."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with theirs:
            try:
                socket.send_fds(self.control, [b"job"], [theirs.fileno()])
            except OSError:
                ours.close()
                raise
        return Connection(ours.detach())

    def close(self) -> None:
        """Stop the server (which kills its jobs) and wait for it to exit."""
        self.control.close()
        if os.getpid() != self.owner:  # a forked copy of this process: the server is not its child
            return
        self.process.terminate()  # at once, even while it still imports the preload
        try:
            self.process.wait(timeout=REAP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_server: _Server | None = None
_preload: list[str] = []
_lock = threading.Condition()  # guards the above and the two below; notified when a job ends
_jobs_running = 0
_exiting = False


def start(preload: list[str] = ()) -> None:
    """Start the job server with `preload` imported in it. Call once, at app start.

    This returns at once: the server imports the preload in its own process
    while the caller goes on, and the first job waits for what is left of it.
    Later calls change nothing while the server runs. A module that fails to
    import there is skipped silently; jobs then import it themselves, which
    works but costs time on every job.
    """
    global _preload
    with _lock:
        if _server is None:
            _preload = list(preload)
        _running_server()


def _running_server() -> _Server:
    """The server, started (again, should it have died) if need be. Call with `_lock` held."""
    global _server
    if _exiting:
        raise SandboxFailed("The program is exiting: no new job starts.", "error")
    if _server is not None and not _server.running:
        _server.close()
        _server = None
    if _server is None:
        _server = _Server(_preload)
    return _server


def stop() -> None:
    """Stop the job server (for tests, or to restart with another preload).

    A job still running is killed: its caller sees SandboxFailed ("killed").
    The next `start()` or job starts a new server.
    """
    global _server
    with _lock:
        if _server is not None:
            _server.close()
            _server = None


@atexit.register
def _stop_at_exit() -> None:
    """A program that ends while its jobs run (a document still importing) waits for them, each
    within its limits, then stops the server, quietly. Ctrl-C while it waits abandons them."""
    global _exiting
    with _lock, contextlib.suppress(KeyboardInterrupt):
        _exiting = True
        _lock.wait_for(lambda: _jobs_running == 0)
    stop()


def _forget_the_parents_jobs() -> None:
    """In a forked copy of this process: its jobs stayed with the parent (their threads did not come
    along), so its exit must not wait for them; the lock may have been held by one of them."""
    global _lock, _jobs_running
    _lock, _jobs_running = threading.Condition(), 0


os.register_at_fork(after_in_child=_forget_the_parents_jobs)


def run_limited(function, *args, limits: Limits = Limits(), **kwargs):
    """`function(*args, **kwargs)` in a limited child process: its value, or its exception.

    `function` must be picklable (defined at module level, not in the main
    script). Raises SandboxFailed when a limit is hit or the child dies without
    an answer; either way the child is gone (killed if need be, and reaped)
    before this returns.
    """
    if getattr(function, "__module__", None) == "__main__":
        raise TypeError(f"{function!r} is defined in the main script, which the sandbox does not import: "
                        "define the job in a module.")
    job = pickle.dumps((function, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
    deadline = time.monotonic() + limits.timeout
    with _counted_as_running():
        connection = _submit()
        try:
            pid = _child_pid(connection, deadline, limits)
            try:
                connection.send_bytes(pickle.dumps(limits))
                connection.send_bytes(job)
            except OSError:  # the child died before it read its job: its exit code says why
                pass
            answer, exitcode = _wait_for_end(connection, pid, deadline, limits)
        finally:
            connection.close()
    return _unpack(answer, exitcode, limits)


@contextlib.contextmanager
def _counted_as_running():
    global _jobs_running
    with _lock:
        _jobs_running += 1
    try:
        yield
    finally:
        with _lock:
            _jobs_running -= 1
            _lock.notify_all()


def _submit() -> Connection:
    with _lock:
        server = _running_server()
    try:
        return server.submit()
    except OSError:  # the server died since: once more, with a new one
        with _lock:
            return _running_server().submit()


def _child_pid(connection: Connection, deadline: float, limits: Limits) -> int:
    """The pid of the job's child, as the server reports it when it has forked."""
    message = _next_message(connection, deadline)
    if message is None:
        raise _too_long(limits)
    if not message:
        raise SandboxFailed("The sandbox's job server stopped before the job began.", "crashed")
    return int(message[1:])


def _wait_for_end(connection: Connection, pid: int, deadline: float, limits: Limits) -> tuple[bytes | None, int | None]:
    """The child's pickled answer (None if it gave none) and its exit code (None if the server went away).

    On timeout the child is killed, and its reaping awaited, before SandboxFailed is raised.
    """
    answer = exitcode = None
    timed_out = False
    while exitcode is None:
        message = _next_message(connection, deadline)
        if message is None:  # the deadline passed
            if timed_out:
                break  # killed, and still not reaped: the server is stuck, nothing more to wait for
            with contextlib.suppress(ProcessLookupError):  # it has just ended by itself
                os.kill(pid, signal.SIGKILL)
            timed_out, deadline = True, time.monotonic() + REAP_SECONDS
        elif not message:
            break  # the server went away
        elif message.startswith(ANSWER):
            answer, deadline = message[1:], min(deadline, time.monotonic() + REAP_SECONDS)
        elif message.startswith(EXIT):
            exitcode = int(message[1:])
    if timed_out and answer is None:
        raise _too_long(limits)
    return answer, exitcode


def _next_message(connection: Connection, deadline: float) -> bytes | None:
    """The next message; b"" when the other end has closed; None at the deadline."""
    if not wait([connection], timeout=max(0.0, deadline - time.monotonic())):
        return None
    try:
        return connection.recv_bytes()
    except (EOFError, OSError):
        return b""


def _too_long(limits: Limits) -> SandboxFailed:
    return SandboxFailed(f"The job took too long (more than {limits.timeout:g} s) and was stopped.", "timeout")


def _unpack(answer: bytes | None, exitcode: int | None, limits: Limits):
    if answer is None and exitcode is None:
        raise SandboxFailed("The sandbox's job server stopped while the job ran.", "crashed")
    if answer is None:
        raise _death(exitcode, limits)
    try:
        kind, payload = pickle.loads(answer)
    except Exception as error:  # noqa: BLE001 - e.g. an exception class this process cannot import
        raise SandboxFailed(f"The job's answer could not be read ({error}).", "error") from None
    if kind == "value":
        return payload
    if kind == "raised":
        raise payload
    raise SandboxFailed(*payload)


def _death(exitcode: int, limits: Limits) -> SandboxFailed:
    """Explain an exit without an answer, from the exit code the job server reported."""
    if exitcode >= 0:
        return SandboxFailed(f"The job ended without an answer (exit status {exitcode}).", "crashed")
    name = signal.Signals(-exitcode).name
    if -exitcode == signal.SIGXCPU:
        return SandboxFailed(f"The job took too long (more than {limits.cpu_seconds} s of CPU time) "
                             "and was stopped.", "cpu-time")
    if -exitcode == signal.SIGKILL:  # the kernel's OOM killer, the hard CPU limit, or someone else
        return SandboxFailed(f"The job was killed ({name}): it may have needed more memory than the "
                             "system had, or more CPU time than allowed.", "killed")
    return SandboxFailed(f"The job crashed ({name}); running out of memory "
                         f"(limit {limits.memory_bytes // MiB} MB) can cause this.", "crashed")
