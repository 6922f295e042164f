"""Run the command-line interface as ``python -m docgen``."""
from docgen.cli import main

main()
