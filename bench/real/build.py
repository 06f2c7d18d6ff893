"""Build bench/real/{dev,heldout}/ from WMT21's German-original news test set (newstest2021 de-en).

Usage: python bench/real/build.py GIT_DIR
GIT_DIR is a clone of github.com/wmt-conference/wmt21-news-systems (its
.git or a bare mirror); the files are read at COMMIT with `git show`, so the
set is the same wherever it is rebuilt. See bench/real/README.md.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

COMMIT = "f41750dadbf2ba6ab01ca5380347d253298a3427"
SOURCE = "txt/sources/newstest2021.de-en.src.de"
REFERENCE = "txt/references/newstest2021.de-en.ref.A.en"
# The first 601 lines (documents 1 to the one about the Sibiu Tour) are for development;
# the rest, from the headline "Leitstelle gab Anweisung zur Laienreanimation", is held out.
HELD_OUT_FROM = 601
ROWS_PER_FILE = 100
HERE = Path(__file__).resolve().parent


def lines(git_dir: str, path: str) -> list[str]:
    text = subprocess.run(["git", "--git-dir", git_dir, "show", f"{COMMIT}:{path}"],
                          check=True, capture_output=True, text=True).stdout
    return text.rstrip("\n").split("\n")


def write(folder: Path, pairs: list[tuple[str, str]], first_line: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("newstest2021-*.tsv"):
        stale.unlink()
    starts = list(range(0, len(pairs), ROWS_PER_FILE))
    if len(starts) > 1 and len(pairs) - starts[-1] < ROWS_PER_FILE // 2:
        starts.pop()   # a short remainder joins the last file
    for start, end in zip(starts, starts[1:] + [len(pairs)]):
        chunk = pairs[start:end]
        rows = ["paragraph\tde\ten"] + [f"{i}\t{de}\t{en}" for i, (de, en) in enumerate(chunk)]
        name = f"newstest2021-{first_line + start + 1:04d}.tsv"   # named by its first line (1-based)
        (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> None:
    git_dir = sys.argv[1]
    german, english = lines(git_dir, SOURCE), lines(git_dir, REFERENCE)
    if len(german) != len(english):
        sys.exit("source and reference differ in length")
    pairs = [(de.strip(), en.strip()) for de, en in zip(german, english)]
    if any("\t" in de + en or not de or not en for de, en in pairs):
        sys.exit("a tab or an empty line in the data")
    write(HERE / "dev", pairs[:HELD_OUT_FROM], 0)
    write(HERE / "heldout", pairs[HELD_OUT_FROM:], HELD_OUT_FROM)


if __name__ == "__main__":
    main()
