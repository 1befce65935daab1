"""`briefgen` and `python -m briefgen`: the command line, loaded so that Ctrl+C pressed while
it loads ends it quietly too (exit code 130), never with a traceback."""

import sys


def main() -> None:
    """Load the command line, then run it."""
    try:
        from .cli import main as command
    except KeyboardInterrupt:
        sys.exit(130)
    command(prog_name="briefgen")


if __name__ == "__main__":
    main()
