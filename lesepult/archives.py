"""Checking and unpacking ZIP archives from people we do not trust.

A ZIP archive states how large each member unpacks to, but nothing forces it to
tell the truth, and a truthful one can still be a "zip bomb": 300 KB of
deflated zeros unpack to 300 MB. So this module never trusts declared sizes: it
inflates every member in small chunks, counts the bytes that actually come out,
and stops at the first chunk that crosses a limit — on the total, on one
member, on the number of members, or on the compression ratio. Memory use is a
few chunks, whatever the archive claims or holds.

`check_zip` runs that count over an archive (an upload in memory, or a file);
`extract_zip` unpacks with the same count, so it never writes more than the
limit to disk. Both raise `ArchiveRefused`, whose message is for the reader and
whose status is 413 (too large) or 400 (damaged or unsafe). No Flask here.
"""
from __future__ import annotations

import copy
import io
import lzma
import os
import re
import shutil
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MiB = 1024 * 1024
CHUNK_BYTES = 64 * 1024        # inflated bytes per read: the guard's whole working memory
UNBOUNDED = 1 << 62           # a declared size no limit comes near
CENTRAL_ENTRY_BYTES = 1024     # generous size of one central-directory entry (46 bytes + name + extras)


class ArchiveRefused(Exception):
    """An archive we will not open. `str(error)` is for the reader; `status` is an HTTP status."""

    def __init__(self, message: str, status: int = 400, reason: str = "damaged"):
        super().__init__(message)
        self.status = status
        self.reason = reason   # "too-large" | "damaged" | "unsafe"

    def __reduce__(self):  # keep status and reason when it crosses a process boundary
        return type(self), (str(self), self.status, self.reason)


@dataclass(frozen=True)
class ZipLimits:
    total_bytes: int        # inflated bytes of all members together
    member_bytes: int       # inflated bytes of one member
    members: int            # entries in the archive
    ratio: float            # inflated bytes per compressed byte read, for one member…
    ratio_after: int = MiB  # …judged once that member has inflated this much (small files may compress well)


# .docx and .epub uploads (at most 20 MB). Images and fonts barely compress, and
# text-heavy parts rarely reach 30:1, so a real book stays far below 128 MiB in
# all and 64 MiB for its largest part. Parsing XML costs 15–25 times its size in
# memory, which is why these are far below the old 300 MB declared-size limit.
# Legit extremes measured with python-docx: an empty 2,000 × 10 table compresses
# 160:1, 3,000 identical paragraphs 155:1; deflated zeros reach about 1,000:1.
DOCUMENT_LIMITS = ZipLimits(total_bytes=128 * MiB, member_bytes=64 * MiB, members=10_000, ratio=500)

# Argos .argosmodel packages: a few dozen files, the largest the CTranslate2
# model.bin (int8 weights, about 1.1:1). Argos de→en packages unpack to a few
# hundred MB; 1 GiB leaves room for a larger future model and still bounds the disk.
MODEL_LIMITS = ZipLimits(total_bytes=1024 * MiB, member_bytes=1024 * MiB, members=2_000, ratio=100)


@dataclass(frozen=True)
class ZipSummary:
    members: int
    inflated_bytes: int


def check_zip(source: bytes | os.PathLike | str, limits: ZipLimits = DOCUMENT_LIMITS,
              what: str = "archive") -> ZipSummary:
    """Inflate every member of `source` (bytes or a path), counting, and discard the output."""
    with _CountingZip(source, limits, what) as archive:
        for info in archive.members:
            for _chunk in archive.inflate(info):
                pass
        return archive.summary()


def extract_zip(source: bytes | os.PathLike | str, target: os.PathLike | str,
                limits: ZipLimits = MODEL_LIMITS, what: str = "archive") -> ZipSummary:
    """Unpack `source` into the existing, empty folder `target`, never writing past `limits`.

    On refusal, everything this call wrote is removed again before ArchiveRefused
    propagates. Only folders and regular files are created (no links, no modes).
    """
    target = Path(target)
    created: set[Path] = set()  # top-level entries this call made, removed again on refusal
    try:
        with _CountingZip(source, limits, what) as archive:
            for info in archive.members:
                parts = PurePosixPath(info.filename).parts
                if not (target / parts[0]).exists():
                    created.add(target / parts[0])
                _write_member(archive, info, target.joinpath(*parts))
            return archive.summary()
    except BaseException:
        for path in created:
            _remove(path)
        raise


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name could write outside the folder it is unpacked into, or None."""
    if not PurePosixPath(name).parts:
        return "an empty name"
    if "\\" in name:
        return "a backslash"
    if name.startswith("/"):
        return "an absolute path"
    if re.match(r"[A-Za-z]:", name):
        return "a drive letter"
    if ".." in PurePosixPath(name).parts:
        return "a '..' part"
    return None


def _write_member(archive: "_CountingZip", info: zipfile.ZipInfo, path: Path) -> None:
    try:
        if info.is_dir():
            path.mkdir(parents=True, exist_ok=True)
            for _chunk in archive.inflate(info):  # a folder entry may still carry data: count it
                pass
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as out:
            for chunk in archive.inflate(info):
                out.write(chunk)
    except (FileExistsError, IsADirectoryError, NotADirectoryError):
        raise ArchiveRefused(f"This {archive.what} holds {info.filename!r} twice, as a file and a folder.",
                             400, "unsafe") from None


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class _CountingReader(io.RawIOBase):
    """A seekable binary file that counts the bytes read from it: the compressed bytes a member really used."""

    def __init__(self, raw):
        self.raw, self.bytes_read = raw, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.bytes_read += len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()


# What zipfile and its decompressors raise on damaged input; turned into ArchiveRefused("damaged").
_DAMAGE = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, KeyError,
           NotImplementedError, RuntimeError, OverflowError, zlib.error, lzma.LZMAError, struct.error)


class _CountingZip:
    """One pass over an archive with a shared budget of inflated bytes."""

    def __init__(self, source, limits: ZipLimits, what: str):
        self.limits, self.what = limits, what
        self.inflated = 0
        self._file = io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else open(source, "rb")
        self._reader = _CountingReader(self._file)

    def __enter__(self) -> "_CountingZip":
        try:
            self._open()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _open(self) -> None:
        try:
            self._refuse_huge_directory()
            self._zip = zipfile.ZipFile(self._reader)
            self.members = self._zip.infolist()
        except _DAMAGE:
            raise self._damaged() from None
        self._check_directory()

    def __exit__(self, *exc_info) -> None:
        if hasattr(self, "_zip"):
            self._zip.close()
        self._file.close()

    def summary(self) -> ZipSummary:
        return ZipSummary(members=len(self.members), inflated_bytes=self.inflated)

    def inflate(self, info: zipfile.ZipInfo):
        """The member's bytes in chunks, each counted before it is handed out."""
        try:
            yield from self._counted_chunks(info)
        except (ArchiveRefused, GeneratorExit):
            raise
        except _DAMAGE:
            raise self._damaged() from None

    def _counted_chunks(self, info: zipfile.ZipInfo):
        # zipfile stops a member at its declared size (and then fails its CRC check);
        # declaring a size no limit reaches lets the real stream decide, so a member
        # that lies about its size is still counted, by us, up to our limits.
        unbounded = _declaring_size(info, UNBOUNDED)
        started, produced = self._reader.bytes_read, 0
        with self._zip.open(unbounded) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                produced += len(chunk)
                self._count(info, produced, self._reader.bytes_read - started, len(chunk))
                yield chunk
        if produced != info.file_size:
            raise ArchiveRefused(f"This {self.what} is damaged: {info.filename!r} is not the size it declares. "
                                 "Save it again and upload the new copy.", 400, "damaged")

    def _count(self, info: zipfile.ZipInfo, produced: int, compressed: int, chunk: int) -> None:
        limits = self.limits
        self.inflated += chunk
        if produced > limits.member_bytes:
            raise self._too_large(f"{info.filename!r} unpacks to more than {_mb(limits.member_bytes)}")
        if self.inflated > limits.total_bytes:
            raise self._too_large(f"it unpacks to more than {_mb(limits.total_bytes)}")
        if produced > limits.ratio_after and produced > limits.ratio * max(compressed, 1):
            raise self._too_large(f"{info.filename!r} is compressed more than {limits.ratio:g} to 1, "
                                  "as only a zip bomb is")

    def _refuse_huge_directory(self) -> None:
        """Refuse, before zipfile parses it, a central directory too large for the member limit.

        Parsing costs memory and time per entry (250,000 empty members: 2 s), so
        the count and size in the end record are checked first. zipfile's own
        reader of that record is private but has been stable for decades.
        """
        end = zipfile._EndRecData(self._file)
        if not end:
            raise self._damaged()
        entries, directory_bytes = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]
        if entries > self.limits.members or directory_bytes > self.limits.members * CENTRAL_ENTRY_BYTES:
            raise self._too_many()
        self._file.seek(0)

    def _check_directory(self) -> None:
        if len(self.members) > self.limits.members:
            raise self._too_many()
        seen = set()
        for info in self.members:
            reason = unsafe_name_reason(info.filename)
            if reason:
                raise ArchiveRefused(f"This {self.what} is unsafe to open: the name {info.filename!r} "
                                     f"has {reason}.", 400, "unsafe")
            key = PurePosixPath(info.filename).as_posix()
            if key in seen:
                raise ArchiveRefused(f"This {self.what} is unsafe to open: it holds {info.filename!r} twice.",
                                     400, "unsafe")
            seen.add(key)
            if info.flag_bits & 0x1:
                raise ArchiveRefused(f"This {self.what} is password-protected. Save it without a password "
                                     "and upload it again.", 400, "damaged")

    def _too_large(self, detail: str) -> ArchiveRefused:
        return ArchiveRefused(f"This {self.what} is refused: {detail}.", 413, "too-large")

    def _too_many(self) -> ArchiveRefused:
        return ArchiveRefused(f"This {self.what} is refused: it holds more than {self.limits.members:,} files.",
                              413, "too-large")

    def _damaged(self) -> ArchiveRefused:
        return ArchiveRefused(f"This {self.what} is damaged and cannot be opened. "
                              "Save it again and upload the new copy.", 400, "damaged")


def _declaring_size(info: zipfile.ZipInfo, file_size: int) -> zipfile.ZipInfo:
    """A copy of `info` declaring `file_size`, leaving the archive's own entry alone."""
    clone = copy.copy(info)
    clone.file_size = file_size
    return clone


def _mb(size: int) -> str:
    return f"{size / MiB:,.0f} MB"


__all__ = ["ArchiveRefused", "ZipLimits", "ZipSummary", "DOCUMENT_LIMITS", "MODEL_LIMITS",
           "check_zip", "extract_zip", "unsafe_name_reason"]
