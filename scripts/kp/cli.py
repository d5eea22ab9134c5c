"""The ``kp`` command: one module per verb under :mod:`kp.commands`."""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__

COMMANDS = ("check", "explain", "site", "pdf", "status", "reviewed", "new")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that verb's module is imported (``kp check``
    starts without loading the PDF and site code)."""
    parser = argparse.ArgumentParser(
        prog="kp",
        description="Write, check and publish anti-trafficking knowledge products in English, Hindi and Bengali.",
    )
    parser.add_argument("--version", action="version", version=f"kp {__version__}")
    verbs = parser.add_subparsers(dest="command", metavar="COMMAND")
    verbs.required = True
    for name in COMMANDS:
        if only is not None and name != only:
            continue
        module = importlib.import_module(f".commands.{name}", __package__)
        sub = verbs.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    argv = sys.argv[1:] if argv is None else argv
    verb = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(verb).parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("kp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
