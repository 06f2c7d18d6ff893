"""The ZIP guard in lesepult.archives, on real archives built here with zipfile."""
from __future__ import annotations

import io
import json
import pickle
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from support import ROOT
from support.zips import MiB, declare_size, make_zip, sparse_block, streamed_member_zip
from lesepult.archives import (DOCUMENT_LIMITS, MODEL_LIMITS, ArchiveRefused, ZipLimits, check_zip,
                               extract_zip, unsafe_name_reason)



@pytest.fixture(scope="module")
def zeros_bomb() -> bytes:
    """300 MiB of zeros in one member: about 300 KB."""
    return streamed_member_zip("word/document.xml", bytes(MiB), 300)


@pytest.fixture(scope="module")
def sparse_bomb() -> bytes:
    """A member inflating to 290 MiB at about 340:1 (under 1 MB), so the ratio limit alone does not catch it."""
    return streamed_member_zip("word/document.xml", sparse_block(), 290)


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Syrien-Gespräche", level=1)
    for number in range(200):
        document.add_paragraph(f"Absatz {number}: Der Außenminister reiste nach Moskau.")
    table = document.add_table(rows=20, cols=4)
    table.cell(0, 0).text = "Zelle"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def refusal(source, **kwargs) -> ArchiveRefused:
    with pytest.raises(ArchiveRefused) as caught:
        check_zip(source, **kwargs)
    return caught.value


# --- ordinary files pass ----------------------------------------------------------------------

def test_a_real_docx_passes_and_is_counted(docx_bytes):
    summary = check_zip(docx_bytes, DOCUMENT_LIMITS, "Word document")
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        assert summary.members == len(archive.infolist())
        assert summary.inflated_bytes == sum(info.file_size for info in archive.infolist())


def test_a_real_epub_passes(tmp_path):
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("lesepult-test")
    book.set_title("Ein Buch")
    book.set_language("de")
    chapter = epub.EpubHtml(title="Eins", file_name="eins.xhtml", lang="de",
                            content="<h1>Eins</h1>" + "<p>Es war einmal.</p>" * 500)
    book.add_item(chapter)
    book.toc = [chapter]
    book.spine = ["nav", chapter]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    path = tmp_path / "buch.epub"
    epub.write_epub(str(path), book)
    assert check_zip(path, what="e-book").members >= 4
    assert check_zip(path.read_bytes(), what="e-book").members >= 4


def test_stored_and_empty_members_pass():
    data = make_zip({"a.txt": b"hello", "empty/": b"", "b.bin": bytes(range(256)) * 100},
                    compression=zipfile.ZIP_STORED)
    assert check_zip(data).inflated_bytes == 5 + 25_600


def test_well_compressed_small_files_are_not_mistaken_for_bombs():
    # 900 KB of one repeated line compresses far beyond the ratio limit, but stays under ratio_after.
    assert check_zip(make_zip({"styles.xml": b"<w:style/>" * 90_000})).inflated_bytes == 900_000


# --- bombs are refused by counting, fast -------------------------------------------------------

def test_zeros_bomb_is_refused_by_its_ratio_within_a_second(zeros_bomb):
    assert len(zeros_bomb) < 400_000
    started = time.perf_counter()
    error = refusal(zeros_bomb, what="Word document")
    elapsed = time.perf_counter() - started
    assert (error.status, error.reason) == (413, "too-large")
    assert "Word document" in str(error) and "zip bomb" in str(error)
    assert elapsed < 1.0


def test_a_bomb_under_the_ratio_limit_stops_at_the_member_limit(sparse_bomb):
    assert len(sparse_bomb) < MiB
    started = time.perf_counter()
    error = refusal(sparse_bomb)
    assert error.status == 413 and "unpacks to more than 64 MB" in str(error)
    assert time.perf_counter() - started < 5.0


def test_total_limit_counts_across_members():
    one_mb = bytes(1_000_000)  # each member stays below ratio_after, so only the total can stop them
    data = make_zip({f"part{number}.xml": one_mb for number in range(40)})
    limits = ZipLimits(total_bytes=30 * MiB, member_bytes=30 * MiB, members=100, ratio=500)
    error = refusal(data, limits=limits)
    assert error.status == 413 and "unpacks to more than 30 MB" in str(error)


def test_a_central_directory_that_lies_about_sizes_is_still_counted(zeros_bomb):
    liar = declare_size(zeros_bomb, 1000)
    with zipfile.ZipFile(io.BytesIO(liar)) as archive:
        assert sum(info.file_size for info in archive.infolist()) == 1000  # what the old guard summed
    error = refusal(liar)
    assert error.status == 413 and "zip bomb" in str(error)
    strict = ZipLimits(total_bytes=10 * MiB, member_bytes=5 * MiB, members=10, ratio=10_000)
    assert "more than 5 MB" in str(refusal(liar, limits=strict))


def test_a_small_size_lie_is_refused_as_damaged():
    honest = make_zip({"document.xml": b"<p>Text</p>" * 500})
    error = refusal(declare_size(honest, 100))
    assert (error.status, error.reason) == (400, "damaged") and "not the size it declares" in str(error)


def test_too_many_members_are_refused_before_the_directory_is_parsed():
    data = make_zip({f"{number}.txt": b"" for number in range(2_001)}, compression=zipfile.ZIP_STORED)
    limits = ZipLimits(total_bytes=MiB, member_bytes=MiB, members=2_000, ratio=100)
    error = refusal(data, limits=limits)
    assert error.status == 413 and "more than 2,000 files" in str(error)
    assert check_zip(data, limits=ZipLimits(MiB, MiB, 2_001, 100)).members == 2_001


def test_an_end_record_that_understates_the_count_is_caught_by_the_directory_size():
    data = bytearray(make_zip({f"{number:05}.txt": b"" for number in range(3_000)},
                              compression=zipfile.ZIP_STORED))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 3, 3)  # entries on this disk / in total
    limits = ZipLimits(total_bytes=MiB, member_bytes=MiB, members=2, ratio=100)
    assert refusal(bytes(data), limits=limits).status == 413


# --- unsafe and damaged archives ------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../evil.txt", "word/../../evil.txt", "/etc/cron.d/evil",
                                  "word\\..\\evil.txt", "C:/Windows/evil.dll", "c:evil.txt", "./", "."])
def test_unsafe_names_are_refused(name):
    error = refusal(make_zip({"ok.txt": b"x", name: b"x"}))
    assert (error.status, error.reason) == (400, "unsafe") and repr(name) in str(error)


def test_safe_names_are_accepted():
    for name in ("word/document.xml", "OEBPS/Text/kapitel..1.xhtml", "a/./b.txt", "mimetype"):
        assert unsafe_name_reason(name) is None, name


def test_duplicate_names_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "a")
        with pytest.warns(UserWarning):
            archive.writestr("word/document.xml", "b")
    error = refusal(buffer.getvalue())
    assert error.reason == "unsafe" and "twice" in str(error)


@pytest.mark.parametrize("mangle", ["truncate", "not-zip", "empty", "crc"])
def test_damaged_archives_are_refused_as_400(docx_bytes, mangle):
    data = {"truncate": docx_bytes[: len(docx_bytes) // 2], "not-zip": b"hello, not a zip" * 10,
            "empty": b"", "crc": _flip_a_data_byte(make_zip({"a.txt": b"Hallo Welt " * 100},
                                                            zipfile.ZIP_STORED))}[mangle]
    error = refusal(data, what="Word document")
    assert (error.status, error.reason) == (400, "damaged") and "Word document is damaged" in str(error)


def test_encrypted_members_are_refused():
    data = bytearray(make_zip({"a.txt": b"secret"}))
    struct.pack_into("<H", data, 6, 0x1)                         # local header flag bits
    struct.pack_into("<H", data, data.rfind(b"PK\x01\x02") + 8, 0x1)  # central directory flag bits
    assert "password" in str(refusal(bytes(data)))


def test_refusals_survive_pickling():
    error = pickle.loads(pickle.dumps(ArchiveRefused("Too big.", 413, "too-large")))
    assert (str(error), error.status, error.reason) == ("Too big.", 413, "too-large")


def _flip_a_data_byte(data: bytes) -> bytes:
    patched = bytearray(data)
    patched[30 + len("a.txt") + 3] ^= 0xFF  # inside the stored member's data
    return bytes(patched)


# --- extraction ---------------------------------------------------------------------------------------

def test_extract_writes_files_and_folders(tmp_path):
    data = make_zip({"pkg/metadata.json": b"{}", "pkg/model/": b"", "pkg/model/model.bin": b"\1" * 5000})
    summary = extract_zip(data, tmp_path, MODEL_LIMITS, "model package")
    assert summary.inflated_bytes == 5002
    assert (tmp_path / "pkg/model/model.bin").read_bytes() == b"\1" * 5000
    assert (tmp_path / "pkg/metadata.json").read_text() == "{}"


def test_extract_from_a_path(tmp_path):
    archive = tmp_path / "p.zip"
    archive.write_bytes(make_zip({"pkg/a.txt": b"a"}))
    (tmp_path / "out").mkdir()
    extract_zip(archive, tmp_path / "out")
    assert (tmp_path / "out/pkg/a.txt").read_bytes() == b"a"


def test_extract_stops_at_the_limit_and_removes_what_it_wrote(tmp_path, sparse_bomb):
    limits = ZipLimits(total_bytes=20 * MiB, member_bytes=20 * MiB, members=10, ratio=1000)
    with pytest.raises(ArchiveRefused) as caught:
        extract_zip(sparse_bomb, tmp_path, limits)
    assert caught.value.status == 413
    assert list(tmp_path.iterdir()) == []


def test_extract_never_writes_past_the_limit(tmp_path, sparse_bomb, monkeypatch):
    """Watch the bytes going to disk, not only the result."""
    import builtins

    written = []
    real_open = builtins.open

    def watching_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        if "x" in mode:
            write = handle.write
            handle.write = lambda chunk: written.append(len(chunk)) or write(chunk)
        return handle

    monkeypatch.setattr(builtins, "open", watching_open)
    limits = ZipLimits(total_bytes=10 * MiB, member_bytes=10 * MiB, members=10, ratio=1000)
    with pytest.raises(ArchiveRefused):
        extract_zip(sparse_bomb, tmp_path, limits)
    assert 9 * MiB < sum(written) <= 10 * MiB


def test_extract_refuses_zip_slip_before_writing_anything(tmp_path):
    (tmp_path / "inside").mkdir()
    data = make_zip({"pkg/ok.txt": b"fine", "../outside.txt": b"evil"})
    with pytest.raises(ArchiveRefused, match="unsafe"):
        extract_zip(data, tmp_path / "inside")
    assert not (tmp_path / "outside.txt").exists() and list((tmp_path / "inside").iterdir()) == []


def test_extract_removes_its_files_after_a_damaged_member(tmp_path):
    data = _flip_a_data_byte(make_zip({"a.txt": b"Hallo Welt " * 100, "b.txt": b"b"}, zipfile.ZIP_STORED))
    with pytest.raises(ArchiveRefused, match="damaged"):
        extract_zip(data, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("members", [{"pkg/model": b"file", "pkg/model/model.bin": b"x"},
                                     {"pkg/model": b"file", "pkg/model/": b""},
                                     {"pkg/model/": b"", "pkg/model": b"file"}])
def test_extract_refuses_a_file_where_a_folder_is(tmp_path, members):
    with pytest.raises(ArchiveRefused, match="twice"):
        extract_zip(make_zip(members), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_extract_leaves_what_was_there_before(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(ArchiveRefused):
        extract_zip(make_zip({"keep.txt/../x": b"x"}), tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "mine"


# --- memory and time, measured in a fresh process ---------------------------------------------------

MEASURE = """
import json, resource, sys, time
from pathlib import Path
from lesepult.archives import check_zip, ArchiveRefused

def peak_kib():  # this program's own high-water mark (ru_maxrss also counts the parent's pages at fork)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

data = Path(sys.argv[1]).read_bytes()
before = peak_kib()
started = time.perf_counter()
try:
    check_zip(data)
    status = 200
except ArchiveRefused as error:
    status = error.status
elapsed = time.perf_counter() - started
print(json.dumps({"status": status, "seconds": elapsed, "peak_kib": peak_kib(), "growth_kib": peak_kib() - before,
                  "ru_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def measure_check(path: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", MEASURE, str(path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("bomb", ["zeros_bomb", "sparse_bomb"])
def test_refusing_a_290_mb_bomb_takes_little_memory_and_time(request, tmp_path, bomb):
    path = tmp_path / "bomb.docx"
    path.write_bytes(request.getfixturevalue(bomb))
    figures = measure_check(path)
    print(f"\n{bomb}: {figures}")
    assert figures["status"] == 413
    assert figures["growth_kib"] < 4 * 1024    # a few 64 KiB chunks, not the 290 MB
    assert figures["peak_kib"] < 40 * 1024     # the whole interpreter included
    assert figures["seconds"] < 3.0
