"""python -m supportkit: the kit's commands (supportkit/editions/cli.py)."""
import sys

from supportkit.editions.cli import main

sys.exit(main())
