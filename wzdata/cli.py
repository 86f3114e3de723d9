"""The ``wzdata`` command: one subcommand per capability.

Each subcommand lives in the module that does the work and is imported only
when called, so ``wzdata --help`` stays fast.
"""

from __future__ import annotations

import importlib
import os
import sys

#: subcommand -> (module, function, one-line help). Each function is ``f(argv) -> int``.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "build": ("wzdata.study.build", "cli", "validate data/raw/ and rebuild data/processed/"),
    "audit": (
        "wzdata.study.claims",
        "cli",
        "check the article's derived claims (folds, percentages, rates)",
    ),
    "extract": ("wzdata.extract.scan", "cli", "find every numeric expression in a Chinese text"),
    "coverage": (
        "wzdata.study.coverage",
        "coverage_cli",
        "compare a text's figures with data/raw/figures.csv",
    ),
    "check": (
        "wzdata.claims.corpus",
        "cli",
        "find and check the derived claims of any texts (files, folders, globs)",
    ),
    "reports": ("wzdata.study.reports", "cli", "run the notebooks and write HTML reports"),
}


def _usage() -> str:
    lines = ["usage: wzdata COMMAND [options]", "", "commands:"]
    lines += [f"  {name:<9} {help_}" for name, (_, _, help_) in COMMANDS.items()]
    lines += ["", "Run 'wzdata COMMAND --help' for the options of a command."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the ``wzdata`` command line.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        The exit status.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    if args[0] == "--version":
        from wzdata import __version__

        print(f"wzdata {__version__}")
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"wzdata: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module_name, func, _ = COMMANDS[name]
    handler = getattr(importlib.import_module(module_name), func)
    try:
        return int(handler(rest) or 0)
    except BrokenPipeError:
        # the reader of our output has gone (``wzdata audit | head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + 13
    except KeyboardInterrupt:
        print(f"wzdata {name}: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"wzdata {name}: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
