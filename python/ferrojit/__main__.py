"""The ``ferrojit`` command line (``python -m ferrojit`` or the ``ferrojit`` script).

Annotation report of everything a script compiles, two spellings::

    python -m ferrojit annotate script.py -o report.html [script arguments...]
    ferrojit --annotate-html report.html script.py [script arguments...]

The script runs as ``__main__`` with ``sys.argv = [script, *arguments]``; the report is
written only if it ran to the end and compiled something (see ``ferrojit.annotate``).
Everything after the script belongs to the script, except that ``annotate`` also
accepts ``-o/--output`` right after the script name, as written above.

The on-disk cache (``cache=True``)::

    python -m ferrojit cache list [PATH ...]
    python -m ferrojit cache clear [PATH ...]
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap

_DESCRIPTION = "ferrojit: a just-in-time compiler for numeric Python."
_ANNOTATE_HELP = (
    "Run SCRIPT as __main__ (with sys.argv = [SCRIPT, *ARGS]) and write one HTML page "
    "showing every specialisation it compiled: the source with the inferred types, the "
    "lines that run in the Python interpreter (red) and why, the lines that allocate, "
    "which loops LLVM vectorised (and why not), and the typed IR and LLVM IR. No report "
    "is written, and the exit status is non-zero, if the script raises or compiles "
    "nothing. See docs/annotate.md.")
_EPILOG = """\
commands:
  annotate SCRIPT -o OUT [ARGS...]      same as --annotate-html OUT SCRIPT [ARGS...]
                                        ('%(prog)s annotate --help' for details)
  cache {list,clear} [PATH...]          show or remove on-disk cache entries
                                        (cache=True; '%(prog)s cache --help')
examples:
  %(prog)s --annotate-html fib.html fib.py
  %(prog)s annotate fib.py -o fib.html -- --size 100
"""


def _prog() -> str:
    base = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "python -m ferrojit" if base in ("__main__.py", "-m", "", "-c") else "ferrojit"


def _version() -> str:
    from . import __version__
    return f"ferrojit {__version__}"


def _main_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description=textwrap.fill(_DESCRIPTION + " " + _ANNOTATE_HELP, 79),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--annotate-html", metavar="OUT", required=True,
                        help="write the annotation report of SCRIPT to OUT")
    parser.add_argument("script", metavar="SCRIPT", help="the Python script to run")
    parser.add_argument("args", metavar="ARGS", nargs=argparse.REMAINDER,
                        help="arguments passed to the script")
    parser.add_argument("--version", action="version", version=_version())
    return parser


def _annotate_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{prog} annotate", description=_ANNOTATE_HELP,
        usage=f"{prog} annotate [-h] SCRIPT -o OUT [ARGS ...]")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="the HTML file to write (required)")
    parser.add_argument("script", metavar="SCRIPT", help="the Python script to run")
    parser.add_argument("args", metavar="ARGS", nargs=argparse.REMAINDER,
                        help="arguments passed to the script ('--' ends ferrojit's options)")
    return parser


def _take_output(args: list[str]) -> tuple[str | None, list[str]]:
    """``-o OUT`` / ``--output OUT`` / ``--output=OUT`` / ``-oOUT`` right after the
    script name (argparse hands everything after SCRIPT to the script)."""
    if not args:
        return None, args
    first = args[0]
    if first in ("-o", "--output") and len(args) > 1:
        return args[1], args[2:]
    if first.startswith("--output="):
        return first[len("--output="):], args[1:]
    if first.startswith("-o") and len(first) > 2 and not first.startswith("--"):
        return first[2:], args[1:]
    return None, args


def _strip_separator(args: list[str]) -> list[str]:
    return args[1:] if args[:1] == ["--"] else args


def parse_args(argv: list[str], prog: str = "ferrojit") -> tuple[str, str, list[str]]:
    """``(script, output, script_args)`` from either spelling; exits with status 2
    and a usage message on bad arguments (argparse's convention)."""
    if argv[:1] == ["annotate"]:
        parser = _annotate_parser(prog)
        ns = parser.parse_args(argv[1:])
        output, args = ns.output, list(ns.args)
        if output is None:
            output, args = _take_output(args)
        if output is None:
            parser.error("the following arguments are required: -o/--output")
        return ns.script, output, _strip_separator(args)
    ns = _main_parser(prog).parse_args(argv)
    return ns.script, ns.annotate_html, _strip_separator(list(ns.args))


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m ferrojit`` and of the ``ferrojit`` console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    prog = _prog()
    if not argv:
        _main_parser(prog).print_help(sys.stderr)
        return 2
    if argv[0] == "cache":
        from ._cache import main as cache_main
        return cache_main(argv[1:], prog)
    script, output, args = parse_args(argv, prog)
    from .annotate import run_script
    return run_script(script, output, args)


if __name__ == "__main__":
    sys.exit(main())
