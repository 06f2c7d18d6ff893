"""The sandbox's job server: `python -m lesepult.sandbox_server CONTROL_FD [MODULE ...]`.

`lesepult.sandbox` starts this program, once per process that runs jobs, and
talks to it over the Unix socket CONTROL_FD. The server imports the MODULEs
it is given, then waits: each message on the control socket carries one
socket of a new job, and the server forks a child for it. Forking here, not in
the web worker, is safe however many threads (or OpenMP pools) the worker has;
and a job costs a fork, not an interpreter start.

On its job socket, the server tells the parent the child's pid, and, once it
has reaped the child, its exit code (negative: the signal that ended it). The
child reads its limits, applies them, then reads its job (a pickled function
and its arguments), runs it and writes its answer. The job socket therefore
carries, in order: pid, limits, job, answer, exit code; the parent reads until
the exit code.

Nothing here depends on the parent's __main__, so the parent may be any
program (a script without a main guard, `python -c`, a program read from
standard input, `flask shell`). The server stops, quietly, when the control
socket closes (the parent exits or is killed) or on SIGTERM (the parent stops
it, even while the preload is still being imported); it kills the jobs still
running first, since no one is left to read their answers.
Interrupting the terminal (Ctrl-C) is the parent's business: the server and
its jobs ignore SIGINT.
"""
from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import resource
import selectors
import signal
import socket
import sys
import traceback
from multiprocessing.connection import Connection

from lesepult.sandbox import ANSWER, EXIT, PID, MiB, Limits, SandboxFailed


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))  # while it imports the preload: no jobs yet
    control = socket.socket(fileno=int(argv[0]))
    for name in argv[1:]:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a job then imports what it needs itself, more slowly
            pass
    _Server(control).serve()
    return 0


class _Server:
    def __init__(self, control: socket.socket):
        self.control = control
        self.jobs: dict[int, Connection] = {}   # pid of a running child → its job socket
        # SIGCHLD and SIGTERM wake the loop through this pipe, which receives their numbers
        # (the handlers themselves do nothing).
        self.selector = selectors.DefaultSelector()
        self.wakeup_r, self.wakeup_w = os.pipe()
        os.set_blocking(self.wakeup_r, False)
        os.set_blocking(self.wakeup_w, False)
        signal.set_wakeup_fd(self.wakeup_w)
        for number in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(number, lambda *_: None)

    def serve(self) -> None:
        self.selector.register(self.control, selectors.EVENT_READ)
        self.selector.register(self.wakeup_r, selectors.EVENT_READ)
        try:
            while True:
                for key, _ in self.selector.select():
                    if key.fileobj is self.control:
                        message, fds, _, _ = socket.recv_fds(self.control, 16, 4)
                        if not message:
                            return  # the parent has closed the control socket, or is gone
                        for fd in fds:
                            self._fork(Connection(fd))
                    elif signal.SIGTERM in self._signals():
                        return
                    else:
                        self._reap(os.WNOHANG)
        finally:
            for pid in self.jobs:
                _kill(pid)
            self._reap(0)

    def _fork(self, job: Connection) -> None:
        pid = os.fork()
        if pid == 0:
            self._become_child(job)
        self.jobs[pid] = job
        _tell(job, PID + str(pid).encode())

    def _become_child(self, job: Connection) -> None:
        """In the forked child: drop the server's state, run the job, and exit without returning."""
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for other in self.jobs.values():  # a job must never reach another job's parent
            other.close()
        self.selector.close()
        os.close(self.wakeup_r)
        os.close(self.wakeup_w)
        self.control.close()
        code = 0
        try:
            _run_job(job)
        except BaseException:  # noqa: BLE001 - the parent learns of it from the exit status
            code = 1
        finally:
            for stream in (sys.stdout, sys.stderr):  # what the job printed
                with contextlib.suppress(Exception):
                    stream.flush()
            os._exit(code)

    def _signals(self) -> bytes:
        """The numbers of the signals that arrived since the last call."""
        arrived = b""
        with contextlib.suppress(BlockingIOError):
            while chunk := os.read(self.wakeup_r, 512):
                arrived += chunk
        return arrived

    def _reap(self, options: int) -> None:
        """Report each ended child's exit code to its parent: all that ended (WNOHANG), or all (0)."""
        while self.jobs:
            try:
                pid, status = os.waitpid(-1, options)
            except ChildProcessError:
                return
            if pid == 0:
                return
            job = self.jobs.pop(pid, None)
            if job is not None:
                _tell(job, EXIT + str(os.waitstatus_to_exitcode(status)).encode())
                job.close()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _tell(job: Connection, message: bytes) -> None:
    try:
        job.send_bytes(message)
    except OSError:  # the parent stopped waiting (a timeout, or it is gone): nothing to tell
        pass


# --- in the child ---------------------------------------------------------------------------

def _run_job(job: Connection) -> None:
    try:
        limits: Limits = pickle.loads(job.recv_bytes())
    except (EOFError, OSError):
        return  # the parent gave up before the job began
    try:
        _apply_limits(limits)
    except (ValueError, OSError) as error:  # e.g. above a hard limit the system already set
        _answer(job, ("failed", (f"The job's limits could not be set ({error}).", "error")))
        return
    try:
        function, args, kwargs = pickle.loads(job.recv_bytes())  # under the limits: it may be large
        message = ("value", function(*args, **kwargs))
    except MemoryError:
        message = ("failed", (f"The job needs more memory than allowed ({limits.memory_bytes // MiB} MB).",
                              "memory"))
    except Exception as error:  # noqa: BLE001 - every exception goes back to the parent
        message = ("raised", _portable(error))
    except BaseException as error:  # SystemExit, KeyboardInterrupt: not to be raised in the web server
        message = ("failed", (f"The job stopped with {type(error).__name__}.", "error"))
    _answer(job, message)


def _apply_limits(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    # SIGXCPU at the soft limit ends the child with a recognisable signal; the
    # hard limit a second later (SIGKILL) catches a child that ignores it.
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashing job leaves no core file behind


def _portable(error: Exception) -> Exception:
    """The exception itself when it survives pickling, else a SandboxFailed describing it."""
    error.add_note("In the sandboxed job:\n" + "".join(traceback.format_exception(error)).rstrip())
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # noqa: BLE001 - any pickling failure means: describe it instead
        return SandboxFailed(f"The job failed with {type(error).__name__}: {error}", "error")


def _answer(job: Connection, message) -> None:
    try:
        answer = pickle.dumps(message)
    except Exception as error:  # noqa: BLE001 - a value that cannot be pickled
        answer = pickle.dumps(("failed", (f"The job's result could not be passed back ({error}).", "error")))
    _tell(job, ANSWER + answer)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
