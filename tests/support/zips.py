"""Building ZIP archives for tests: ordinary ones, bombs, and ones whose headers lie."""
from __future__ import annotations

import io
import struct
import zipfile

MiB = 1024 * 1024


def make_zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, compress_type=compression)
    return buffer.getvalue()


def streamed_member_zip(name: str, block: bytes, blocks: int) -> bytes:
    """One deflated member of `blocks` × `block`, written without holding it in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as member:
            for _ in range(blocks):
                member.write(block)
    return buffer.getvalue()


def sparse_block(gap: int = 2000) -> bytes:
    """1 MiB of zeros with a byte every `gap`: deflates about 340:1, under DOCUMENT_LIMITS.ratio."""
    block = bytearray(MiB)
    for position in range(0, MiB, gap):
        block[position] = (position * 7919) % 251 + 1
    return bytes(block)


def declare_size(data: bytes, declared: int) -> bytes:
    """Make the first member's local header and central directory both claim `declared` bytes."""
    patched = bytearray(data)
    assert patched[:4] == b"PK\x03\x04"
    struct.pack_into("<I", patched, 22, declared)           # local header: uncompressed size
    central = patched.rfind(b"PK\x01\x02")
    struct.pack_into("<I", patched, central + 24, declared)  # central directory: uncompressed size
    return bytes(patched)
