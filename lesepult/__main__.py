"""python -m lesepult: the command line (lesepult/cli.py)."""
import sys

from .cli import main

sys.exit(main())
