"""`briefgen` and `python -m briefgen`: the command line, loaded so that Ctrl+C pressed while
it loads ends it quietly too (exit code 130), never with a traceback."""

import sys


def main() -> None:
    """Load the command line, then run it."""
    try:
        _start_drawing(sys.argv[1:])
        from .cli import main as command
    except KeyboardInterrupt:
        sys.exit(130)
    command(prog_name="briefgen")


def _start_drawing(args: list[str]) -> None:
    """For `briefgen build` (not --watch, which starts its own), start the chart-drawing
    process before the command line loads (build.start_drawing); the build decides whether
    it is needed. Only the brief ids, --project and --no-cache matter here, and a mistake
    costs time, never a wrong build: click parses the command line."""
    if not args or args[0] != "build" or {"--watch", "-h", "--help"} & set(args):
        return
    root, briefs, rest = ".", [], iter(args[1:])
    for arg in rest:
        if arg == "--project":
            root = next(rest, root)
        elif arg.startswith("--project="):
            root = arg.removeprefix("--project=")
        elif arg in ("--out", "--jobs", "-j"):
            next(rest, None)
        elif not arg.startswith("-"):
            briefs.append(arg)
    from pathlib import Path

    from .build import start_drawing

    start_drawing(Path(root), tuple(briefs), "--no-cache" not in args)


if __name__ == "__main__":
    main()
