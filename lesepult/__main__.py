"""Command line: python -m lesepult {install-model,models,index-dictionary}."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DING_FILE = ROOT / "data" / "ding" / "usr" / "share" / "trans" / "de-en"
DICTIONARY_DB = ROOT / "data" / "ding.sqlite"

EXIT_CODES = {"installed": 0, "already-installed": 0, "offline": 3, "not-found": 4,
              "corrupt": 5, "checksum-mismatch": 6}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lesepult", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    install = commands.add_parser("install-model", help="install the Argos de→en model (index online, or --file)")
    install.add_argument("--file", type=Path, help="a translate-de_en-*.argosmodel file (offline install)")
    install.add_argument("--sha256", help="expected sha256 of the file or download")
    commands.add_parser("models", help="list the installed Argos packages")
    index = commands.add_parser("index-dictionary", help="index the Ding dictionary into SQLite")
    index.add_argument("--ding", type=Path, default=DING_FILE)
    index.add_argument("--db", type=Path, default=DICTIONARY_DB)
    args = parser.parse_args(argv)
    return {"install-model": install_model, "models": list_models,
            "index-dictionary": index_dictionary}[args.command](args)


def install_model(args) -> int:
    from .models import install_model as install

    outcome = install(args.file, args.sha256)
    print(outcome.message, file=sys.stdout if outcome.ok else sys.stderr)
    return EXIT_CODES[outcome.status]


def list_models(_args) -> int:
    from argostranslate import settings

    from .models import installed_packages

    packages = installed_packages()
    if not packages:
        print(f"No Argos packages installed in {settings.package_data_dir}.")
    for package in packages:
        print(f"{package.type}-{package.from_code}_{package.to_code}\t{package.package_version}\t{package.package_path}")
    return 0


def index_dictionary(args) -> int:
    from .dictionary import build_index

    if not args.ding.exists():
        print(f"The Ding file {args.ding} is missing: run `make setup` (it fetches Debian's trans-de-en).",
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    count = build_index(args.ding, args.db)
    print(f"Indexed {count:,} Ding entries into {args.db} in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
