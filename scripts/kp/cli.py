"""The ``kp`` command: one module per verb under :mod:`kp.commands`."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .commands import check, explain, new, pdf, reviewed, site, status

COMMANDS = {
    "check": check,
    "explain": explain,
    "site": site,
    "pdf": pdf,
    "status": status,
    "reviewed": reviewed,
    "new": new,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kp",
        description="Write, check and publish anti-trafficking knowledge products in English, Hindi and Bengali.",
    )
    parser.add_argument("--version", action="version", version=f"kp {__version__}")
    verbs = parser.add_subparsers(dest="command", metavar="COMMAND")
    verbs.required = True
    for name, module in COMMANDS.items():
        sub = verbs.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("kp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
