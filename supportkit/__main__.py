"""python -m supportkit: the kit's commands (supportkit/cli.py)."""
import sys

from supportkit.cli import main

sys.exit(main())
