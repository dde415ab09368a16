"""``python -m ferrojit cache {list,clear} [PATH ...]``: the on-disk cache's entries.

An entry is a ``*.fjc`` file (``cache=True``: see docs/supported.md, "The on-disk
cache"): in ``__pycache__/`` next to a source file, in ``FERROJIT_CACHE_DIR``, or in
``$XDG_CACHE_HOME/ferrojit`` (``~/.cache/ferrojit``). Without PATH: the current
directory's tree, ``FERROJIT_CACHE_DIR`` and the user cache directory. A PATH that is a
directory is searched recursively; a PATH that is a source file stands for the entries
of its functions.
"""

from __future__ import annotations

import argparse
import os
import time

_MAGIC = b"FJC1\n"


def _user_dir() -> str | None:
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.path.join(os.environ["HOME"], ".cache") if os.environ.get("HOME") else None)
    return os.path.join(base, "ferrojit") if base else None


def default_roots() -> list[str]:
    roots = [os.getcwd()]
    for d in (os.environ.get("FERROJIT_CACHE_DIR"), _user_dir()):
        if d and os.path.isdir(d):
            roots.append(d)
    return roots


def entries(paths: list[str]) -> list[str]:
    """The cache files under ``paths`` (sorted, each once)."""
    found = set()
    for p in paths:
        if os.path.isfile(p) and p.endswith(".py"):
            stem = os.path.splitext(os.path.basename(p))[0]
            d = os.path.join(os.path.dirname(os.path.abspath(p)), "__pycache__")
            if os.path.isdir(d):
                found.update(os.path.join(d, f) for f in os.listdir(d)
                             if f.startswith(stem + ".") and f.endswith(".fjc"))
        elif os.path.isfile(p) and p.endswith(".fjc"):
            found.add(os.path.abspath(p))
        elif os.path.isdir(p):
            for root, _dirs, files in os.walk(p):
                found.update(os.path.join(root, f) for f in files if f.endswith(".fjc"))
    return sorted(found)


def describe(path: str) -> str:
    """One line: the function (from the file name), size, date, whether it looks valid."""
    name = os.path.basename(path)
    parts = name[:-len(".fjc")].rsplit(".", 2)
    func = f"{parts[0]}.{parts[1]}" if len(parts) == 3 else name
    st = os.stat(path)
    with open(path, "rb") as fh:
        ok = fh.read(len(_MAGIC)) == _MAGIC
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(st.st_mtime))
    return f"{func:40s} {st.st_size:9d} B  {when}  {path}" + ("" if ok else "  (not a ferrojit cache file)")


def main(argv: list[str], prog: str = "ferrojit") -> int:
    parser = argparse.ArgumentParser(prog=f"{prog} cache", description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("action", choices=["list", "clear"], help="show or remove the entries")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="directories or source files (default: the current tree and "
                             "the cache directories)")
    ns = parser.parse_args(argv)
    files = entries(ns.paths or default_roots())
    if ns.action == "list":
        for f in files:
            print(describe(f))
        total = sum(os.path.getsize(f) for f in files)
        print(f"{len(files)} entries, {total} bytes")
        return 0
    removed = 0
    for f in files:
        try:
            os.remove(f)
            removed += 1
        except OSError as e:
            print(f"cannot remove {f}: {e}")
    print(f"removed {removed} entries")
    return 0 if removed == len(files) else 1
