"""lesepult.sandbox: limits, answers and clean-up of the job server's jobs.

The jobs are module-level functions here, so the child can unpickle them; the
module is preloaded in the job server (see `server`), so a job does not
re-import pytest. lesepult.importers is imported lazily for the same reason.
"""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from lesepult import sandbox
from lesepult.archives import ArchiveRefused, check_zip
from lesepult.sandbox import Limits, SandboxFailed, run_limited
from support.services import wait_for

IMPORTED_AT = time.monotonic()  # in a job: when the job server imported this module
FAST = Limits(memory_bytes=512 * 1024 * 1024, cpu_seconds=5, timeout=20)


@pytest.fixture(scope="module", autouse=True)
def server():
    sandbox.stop()  # a server another test module started has another preload list
    sandbox.start(["lesepult.importers", "test_sandbox"])
    yield
    sandbox.stop()


# --- jobs --------------------------------------------------------------------------------------

def add(a, b, *, scale=1):
    return (a + b) * scale


def allocate(size: int) -> int:
    return len(bytearray(size))


def busy_loop() -> None:
    while True:
        pass


def sleep_after_writing_pid(pid_file: str, seconds: float) -> None:
    Path(pid_file).write_text(str(os.getpid()))
    time.sleep(seconds)


def kill_myself(signal_number: int) -> None:
    os.kill(os.getpid(), signal_number)
    time.sleep(10)


def import_a_bad_docx():
    from lesepult.importers import read_upload

    return read_upload("bericht.docx", b"PK\x03\x04 this is no Word document")


def import_a_huge_text():
    from lesepult.importers import MAX_UPLOAD_BYTES, read_upload

    return read_upload("riesig.txt", b"a" * (MAX_UPLOAD_BYTES + 1))


class NeedsTwoArguments(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


def raise_unpicklable():
    raise NeedsTwoArguments("broken", 7)


def return_unpicklable():
    return lambda: None


def exit_the_interpreter():
    sys.exit(3)


def modules_loaded(names: list[str]) -> list[bool]:
    return [name in sys.modules for name in names]


def my_pid() -> int:
    return os.getpid()


def seconds_since_this_module_was_imported() -> float:
    return time.monotonic() - IMPORTED_AT


# --- answers ------------------------------------------------------------------------------------

def test_a_value_comes_back():
    assert run_limited(add, 2, 3, scale=10, limits=FAST) == 50
    assert run_limited(check_zip, b"PK\x05\x06" + bytes(18), limits=FAST).members == 0


def test_the_job_runs_in_another_process():
    assert run_limited(my_pid, limits=FAST) != os.getpid()


def test_preloaded_modules_are_already_imported_in_the_job():
    # test_sandbox does not import lesepult.importers or trafilatura itself: the server did.
    assert run_limited(modules_loaded, ["lesepult.importers", "trafilatura", "docx"], limits=FAST) == [True] * 3


def test_a_preload_found_only_through_sys_path_is_imported_once_in_the_server():
    # This module lives in tests/, which only pytest's sys.path knows (not the working directory).
    time.sleep(0.3)
    assert run_limited(seconds_since_this_module_was_imported, limits=FAST) > 0.3
    assert "PYTHONPATH" not in os.environ or os.environ["PYTHONPATH"] == ORIGINAL_PYTHONPATH


ORIGINAL_PYTHONPATH = os.environ.get("PYTHONPATH")


def test_an_import_failure_arrives_unchanged_with_its_status():
    from lesepult.importers import ImportFailed

    with pytest.raises(ImportFailed) as damaged:
        run_limited(import_a_bad_docx, limits=FAST)
    assert damaged.value.status == 400 and "Word document" in str(damaged.value)
    with pytest.raises(ImportFailed) as too_large:
        run_limited(import_a_huge_text, limits=FAST)
    assert too_large.value.status == 413 and "too large" in str(too_large.value)
    assert "In the sandboxed job" in "".join(too_large.value.__notes__)  # the child's traceback, for logs


def test_an_exception_with_extra_attributes_round_trips():
    with pytest.raises(ArchiveRefused) as caught:
        run_limited(check_zip, b"not a zip at all", what="e-book", limits=FAST)
    assert (caught.value.status, caught.value.reason) == (400, "damaged")
    assert str(caught.value).startswith("This e-book is damaged")


def test_an_exception_that_cannot_be_pickled_is_described():
    with pytest.raises(SandboxFailed, match="NeedsTwoArguments: broken") as caught:
        run_limited(raise_unpicklable, limits=FAST)
    assert caught.value.reason == "error"


def test_a_value_that_cannot_be_pickled_is_described():
    with pytest.raises(SandboxFailed, match="could not be passed back"):
        run_limited(return_unpicklable, limits=FAST)


def test_sys_exit_in_the_job_does_not_exit_the_parent():
    with pytest.raises(SandboxFailed, match="SystemExit"):
        run_limited(exit_the_interpreter, limits=FAST)


# --- limits ---------------------------------------------------------------------------------------

def test_allocating_2_gb_under_a_512_mb_limit_fails_as_memory():
    with pytest.raises(SandboxFailed, match="needs more memory than allowed") as caught:
        run_limited(allocate, 2 * 1024**3, limits=FAST)
    assert caught.value.reason == "memory"
    assert run_limited(allocate, 64 * 1024**2, limits=FAST) == 64 * 1024**2  # the limit leaves real room


def test_a_busy_loop_hits_the_cpu_limit():
    started = time.monotonic()
    with pytest.raises(SandboxFailed, match="took too long") as caught:
        run_limited(busy_loop, limits=Limits(cpu_seconds=1, timeout=30))
    assert caught.value.reason == "cpu-time"
    assert time.monotonic() - started < 10


def test_a_sleep_hits_the_timeout_and_the_child_is_gone(tmp_path):
    pid_file = tmp_path / "pid"
    started = time.monotonic()
    with pytest.raises(SandboxFailed, match="took too long") as caught:
        run_limited(sleep_after_writing_pid, str(pid_file), 60, limits=Limits(timeout=1))
    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < 5
    assert not process_exists(int(pid_file.read_text()))


@pytest.mark.parametrize("signal_number, reason", [(signal.SIGKILL, "killed"), (signal.SIGSEGV, "crashed"),
                                                   (signal.SIGABRT, "crashed")])
def test_a_child_killed_by_a_signal_raises(signal_number, reason):
    with pytest.raises(SandboxFailed) as caught:
        run_limited(kill_myself, signal_number, limits=FAST)
    assert caught.value.reason == reason and signal.Signals(signal_number).name in str(caught.value)


def test_a_child_killed_from_outside_raises(tmp_path):
    import threading

    pid_file = tmp_path / "pid"

    def kill_when_started():
        for _ in range(200):
            if pid_file.exists() and pid_file.read_text():
                os.kill(int(pid_file.read_text()), signal.SIGKILL)
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_when_started)
    killer.start()
    with pytest.raises(SandboxFailed, match="killed"):
        run_limited(sleep_after_writing_pid, str(pid_file), 30, limits=FAST)
    killer.join()
    assert not process_exists(int(pid_file.read_text()))


def test_a_function_that_cannot_be_pickled_is_refused_at_once():
    with pytest.raises(Exception, match="pickle"):
        run_limited(lambda: 1, limits=FAST)


def test_sandbox_failures_survive_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(SandboxFailed("Too slow.", "timeout")))
    assert (str(error), error.reason) == ("Too slow.", "timeout")


# --- no leaks, and what a job costs -------------------------------------------------------------------

def test_many_sequential_jobs_leak_no_processes_or_files():
    run_limited(my_pid, limits=FAST)  # the server is up
    server = server_pid()
    before = (children_of(server), children_of(os.getpid()), open_fds())
    pids = {run_limited(my_pid, limits=FAST) for _ in range(40)}
    with pytest.raises(SandboxFailed):
        run_limited(kill_myself, signal.SIGKILL, limits=FAST)
    assert len(pids) == 40
    assert (children_of(server), children_of(os.getpid()), open_fds()) == before
    assert not any(process_exists(pid) for pid in pids)


def test_per_job_overhead_with_a_warm_server():
    run_limited(my_pid, limits=FAST)
    jobs = 50
    started = time.perf_counter()
    for _ in range(jobs):
        run_limited(my_pid, limits=FAST)
    per_job = (time.perf_counter() - started) / jobs
    print(f"\nsandbox per-job overhead (warm job server, importers preloaded): {per_job * 1000:.1f} ms")
    assert per_job < 0.25


# --- /proc helpers ------------------------------------------------------------------------------------

def process_exists(pid: int) -> bool:
    """True for a live process or a zombie: both mean it was not cleaned up."""
    return Path(f"/proc/{pid}").exists()


def children_of(pid: int) -> set[int]:
    children = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.add(int(entry.name))
    return children


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def server_pid() -> int | None:
    """The job server: the child of this process that runs lesepult.sandbox_server."""
    for pid in children_of(os.getpid()):
        try:
            if b"lesepult.sandbox_server" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except OSError:
            continue
    return None



def test_after_stop_the_next_job_starts_a_new_server():
    old_server = server_pid()
    sandbox.stop()
    assert not process_exists(old_server)
    assert run_limited(add, 1, 1, limits=FAST) == 2
    assert server_pid() not in (None, old_server)


# --- the job server ------------------------------------------------------------------------------

def test_a_job_from_the_main_script_is_refused_with_a_reason():
    def job():
        return 1
    job.__module__ = "__main__"  # what a function defined in a script says of itself
    with pytest.raises(TypeError, match="main script"):
        run_limited(job, limits=FAST)


def test_stop_kills_a_running_job_and_its_caller_hears_of_it(tmp_path):
    import threading

    pid_file = tmp_path / "pid"
    outcome = []

    def run():
        try:
            run_limited(sleep_after_writing_pid, str(pid_file), 30, limits=FAST)
        except SandboxFailed as error:
            outcome.append(error.reason)
    caller = threading.Thread(target=run)
    caller.start()
    wait_for(lambda: pid_file.exists() and pid_file.read_text())
    server = server_pid()
    sandbox.stop()
    caller.join(timeout=10)
    assert outcome == ["killed"]
    assert not process_exists(int(pid_file.read_text())) and not process_exists(server)
    sandbox.start(["lesepult.importers", "test_sandbox"])


def test_a_server_that_died_is_replaced_by_the_next_job():
    run_limited(my_pid, limits=FAST)
    old_server = server_pid()
    os.kill(old_server, signal.SIGKILL)
    wait_for(lambda: not process_exists(old_server) or is_zombie(old_server))
    assert run_limited(add, 2, 2, limits=FAST) == 4
    assert server_pid() not in (None, old_server)
    assert not process_exists(old_server)  # and the dead one was reaped


def test_ctrl_c_is_left_to_the_parent(capfd):
    run_limited(my_pid, limits=FAST)
    server = server_pid()
    os.kill(server, signal.SIGINT)  # what a terminal's Ctrl-C sends the whole process group
    assert run_limited(add, 1, 2, limits=FAST) == 3 and server_pid() == server
    assert "Traceback" not in capfd.readouterr().err


def test_stopping_a_server_still_importing_its_preload_is_quick_and_quiet(capfd):
    sandbox.stop()
    sandbox.start(["lesepult.documents.importing"])  # seconds of language data
    time.sleep(0.2)
    started = time.monotonic()
    sandbox.stop()
    assert time.monotonic() - started < 1
    assert capfd.readouterr().err == ""
    sandbox.start(["lesepult.importers", "test_sandbox"])


def is_zombie(pid: int) -> bool:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"


def sleep_in_the_background(pid_file: str, seconds: float) -> None:
    """A job that a program leaves running as it ends; the job's fate is printed, not raised."""
    import threading

    def run():
        try:
            run_limited(sleep_after_writing_pid, pid_file, seconds, limits=FAST)
            print("the job: done", flush=True)
        except SandboxFailed as error:
            print("the job:", error.reason, flush=True)
    threading.Thread(target=run, daemon=True).start()
    wait_for(lambda: Path(pid_file).exists() and Path(pid_file).read_text())


ENDING_WITH_A_JOB = """
import os, signal, threading, time
from lesepult import sandbox
import test_sandbox

test_sandbox.sleep_in_the_background({pid_file!r}, {seconds!r})
if {interrupt!r}:
    def ctrl_c_once_the_exit_waits():
        while not sandbox._exiting:
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGINT)
    threading.Thread(target=ctrl_c_once_the_exit_waits, daemon=True).start()
print("ending", flush=True)
"""


@pytest.mark.parametrize("interrupt", [False, True], ids=["waits for its job", "ctrl-c abandons it"])
def test_a_program_that_ends_with_a_job_running(tmp_path, interrupt):
    seconds = 15 if interrupt else 2
    import subprocess

    pid_file = tmp_path / "pid"
    here = Path(__file__).resolve().parent
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, (here.parents[1], here.parent, here)))}
    started = time.monotonic()
    ending = subprocess.run([sys.executable, "-c", ENDING_WITH_A_JOB.format(pid_file=str(pid_file), seconds=seconds,
                                                                            interrupt=interrupt)],
                            env=environment, capture_output=True, text=True, timeout=120)
    assert (ending.returncode, ending.stderr) == (0, "")
    assert not process_exists(int(pid_file.read_text()))
    if interrupt:  # the job's thread may not get to say so before the interpreter is gone
        assert ending.stdout in ("ending\nthe job: killed\n", "ending\n")
        assert time.monotonic() - started < seconds
    else:
        assert ending.stdout == "ending\nthe job: done\n" and time.monotonic() - started > seconds


def test_a_forked_copy_of_a_process_with_a_job_running_exits_without_waiting_for_it(tmp_path):
    import threading

    pid_file = tmp_path / "pid"
    parents_job = threading.Thread(target=run_limited, args=(sleep_after_writing_pid, str(pid_file), 3),
                                   kwargs={"limits": FAST})
    parents_job.start()
    wait_for(lambda: pid_file.exists() and pid_file.read_text())
    child = os.fork()
    if child == 0:  # what a forked child's normal exit runs
        try:
            signal.alarm(5)  # a child that waits for the parent's job ends by SIGALRM, not by hanging
            started = time.monotonic()
            sandbox._stop_at_exit()
            os._exit(0 if time.monotonic() - started < 1 else 1)
        finally:
            os._exit(2)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert process_exists(int(pid_file.read_text()))  # the parent's job goes on
    parents_job.join()
    assert run_limited(add, 1, 1, limits=FAST) == 2   # and so does the parent's server
