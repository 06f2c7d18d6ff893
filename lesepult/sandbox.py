"""Run one function in a separate, resource-limited process.

Parsing a hostile upload may need unbounded memory or time; done in the web
process, that takes the whole app down. `run_limited` runs a picklable
function in a child process that caps its own address space (RLIMIT_AS) and
CPU seconds (RLIMIT_CPU) at start, while the parent enforces a wall-clock
timeout. The function's value comes back; so does its exception, unchanged,
when it can be pickled (an `ImportFailed(message, status=413)` keeps both). A
limit, a crash or a kill becomes `SandboxFailed`, whose `reason` says which.

Children come from multiprocessing's "forkserver": a small server process,
started once, forks every job. Forking from it (not from the web server) is
safe however many threads the web server runs, and a job costs a fork, not an
interpreter start. Modules named in `start(preload=[...])` are imported once in
the server, so each job starts with them loaded. No Flask here.

As with every multiprocessing start method but "fork", a job re-imports the
program's main *script* (not a `-m` module: `python -m flask`, `python -m
lesepult` and pytest are fine), so a script that uses this must keep its work
under `if __name__ == "__main__":`. Jobs must be module-level functions.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import pickle
import resource
import signal
import sys
import traceback
from dataclasses import dataclass

MiB = 1024 * 1024
_CONTEXT = multiprocessing.get_context("forkserver")


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


def start(preload: list[str] = ()) -> None:
    """Start the fork server with `preload` imported in it. Call once, at app start.

    Later calls change nothing while the server runs: multiprocessing reads the
    preload list only when it starts the server. A module that fails to import
    there is skipped silently (multiprocessing's choice); jobs then import it
    themselves, which works but costs time on every job.
    """
    global _started
    _CONTEXT.set_forkserver_preload([__name__, *preload])
    # Python 3.11's fork server ignores the sys.path multiprocessing hands it, so a
    # preload would only be found relative to the working directory: PYTHONPATH
    # carries this process's sys.path over. (Not thread-safe: hence "at app start".)
    with _environment(PYTHONPATH=os.pathsep.join(path for path in sys.path if path)):
        multiprocessing.forkserver.ensure_running()
    _started = True


_started = False


def stop() -> None:
    """Stop the fork server (for tests, or to restart with another preload); no job may be running.

    A job still running loses its answer: its parent sees exit status 255. The
    next `start()` or job starts a new server. multiprocessing has no public way
    to do this; the method used is the one its own tests use.
    """
    global _started
    multiprocessing.forkserver._forkserver._stop()
    _started = False


@contextlib.contextmanager
def _environment(**variables: str):
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_limited(function, *args, limits: Limits = Limits(), **kwargs):
    """`function(*args, **kwargs)` in a limited child process: its value, or its exception.

    `function` must be picklable (defined at module level). Raises SandboxFailed
    when a limit is hit or the child dies without an answer; either way the
    child is gone (killed if need be, and reaped) before this returns.
    """
    if not _started:
        start()
    reader, writer = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child, args=(writer, limits, function, args, kwargs),
                               name=f"sandbox:{getattr(function, '__name__', 'job')}", daemon=True)
    try:
        process.start()
    except BaseException:
        reader.close()
        writer.close()
        raise
    writer.close()  # the child holds the only writer now: its death ends our reads
    try:
        answer = _wait_for_answer(process, reader, limits)
    finally:
        exitcode = _reap(process)
        reader.close()
    return _unpack(answer, exitcode, limits)


def _wait_for_answer(process, reader, limits: Limits) -> bytes | None:
    """The child's pickled answer, or None when it died without one."""
    ready = multiprocessing.connection.wait([reader, process.sentinel], timeout=limits.timeout)
    if not ready:
        process.kill()
        raise SandboxFailed(f"The job took too long (more than {limits.timeout:g} s) and was stopped.",
                            "timeout")
    try:
        return reader.recv_bytes()
    except (EOFError, OSError):  # the sentinel fired first, or the child died while answering
        return None


def _reap(process) -> int:
    """Wait for the child's exit (killing it if it lingers), free its resources, return its exit code."""
    process.join(timeout=5)
    if process.exitcode is None:
        process.kill()
        process.join()
    exitcode = process.exitcode
    process.close()
    return exitcode


def _unpack(answer: bytes | None, exitcode: int, limits: Limits):
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
    """Explain an exit without an answer, from the exit status the fork server reported."""
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


# --- in the child ---------------------------------------------------------------------------

def _child(writer, limits: Limits, function, args, kwargs) -> None:
    try:
        _apply_limits(limits)
    except (ValueError, OSError) as error:  # e.g. above a hard limit the system already set
        _send(writer, ("failed", (f"The job's limits could not be set ({error}).", "error")))
        return
    try:
        message = ("value", function(*args, **kwargs))
    except MemoryError:
        message = ("failed", (f"The job needs more memory than allowed ({limits.memory_bytes // MiB} MB).",
                              "memory"))
    except Exception as error:  # noqa: BLE001 - every exception goes back to the parent
        message = ("raised", _portable(error))
    except BaseException as error:  # SystemExit, KeyboardInterrupt: not to be raised in the web server
        message = ("failed", (f"The job stopped with {type(error).__name__}.", "error"))
    _send(writer, message)


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


def _send(writer, message) -> None:
    try:
        writer.send(message)  # pickles first, so a value that cannot be pickled sends nothing
    except Exception as error:  # noqa: BLE001
        writer.send(("failed", (f"The job's result could not be passed back ({error}).", "error")))
    writer.close()
