"""`cache=True`: machine code kept on disk and loaded by a fresh process (issue 18).

Every test runs child processes on modules written into a temporary directory: the first
process compiles and stores, a later one loads (`stats.cache_hits`), and both must give
the same results, exceptions and tracebacks. A cache entry must never be stale (an edited
callee in another module, a changed global constant: a new entry), never be trusted
when damaged (a warning, then a fresh compile), and never break concurrent processes.
"""

import json
import os
import stat
import subprocess
import sys
import textwrap

import pytest

MOD = '''
import math
import numpy as np
import ferrojit
from ferrojit import prange
from helpers import scale

K = {k}

def plain(x):
    return x * K + scale(x)

@ferrojit.njit(cache=True)
def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += plain(math.sqrt(a[i]))
    return s

@ferrojit.njit(cache=True)
def arrays(a):
    return np.exp(a) * 2.0 + a[::-1]

@ferrojit.njit(cache=True, parallel=True)
def rows(a):
    out = np.empty(a.shape[0])
    s = 0.0
    for i in prange(a.shape[0]):
        out[i] = a[i] * 2.0
        s += a[i]
    return out, s

@ferrojit.njit(cache=True)
def fails(n):
    if n > 3:
        raise ValueError(f"too big: {{n}}")
    return n
'''

HELPERS = '''
def scale(x):
    return x * {m}
'''

CHILD = r'''
import json, sys, traceback, warnings
warnings.simplefilter("always")
import numpy as np
import mod
a = np.linspace(0.5, 3.0, 7)
out = {}
out["total"] = mod.total(a)
out["arrays"] = mod.arrays(a).tolist()
r, s = mod.rows(a)
out["rows"] = [r.tolist(), s]
try:
    mod.fails(5)
except ValueError as e:
    tb = traceback.extract_tb(e.__traceback__)
    out["fails"] = [str(e), tb[-1].lineno, tb[-1].line]
out["hits"] = {name: len(getattr(mod, name).stats.cache_hits)
               for name in ("total", "arrays", "rows", "fails")}
out["misses"] = {name: len(getattr(mod, name).stats.cache_misses)
                 for name in ("total", "arrays", "rows", "fails")}
from ferrojit.annotate import annotate_html
report = annotate_html(mod.total)
out["report"] = ["loaded from the cache" in report, "compiled, and cached in" in report]
print(json.dumps(out))
'''


def write(tmp_path, k=3.0, m=2.0):
    (tmp_path / "mod.py").write_text(textwrap.dedent(MOD.format(k=k)))
    (tmp_path / "helpers.py").write_text(HELPERS.format(m=m))
    (tmp_path / "child.py").write_text(CHILD)


def run(tmp_path, env=None, script="child.py"):
    e = dict(os.environ)
    e.pop("FERROJIT_CACHE_DIR", None)
    e.update(env or {})
    e["PYTHONDONTWRITEBYTECODE"] = "1"  # (so __pycache__ holds only ferrojit's files)
    p = subprocess.run([sys.executable, script], cwd=tmp_path, env=e, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout.strip().splitlines()[-1]), p.stderr


def entries(d):
    return sorted(f for f in os.listdir(d) if f.endswith(".fjc")) if os.path.isdir(d) else []


def test_a_fresh_process_loads_what_an_earlier_one_compiled(tmp_path):
    write(tmp_path)
    first, _ = run(tmp_path)
    assert first["misses"] == {"total": 1, "arrays": 1, "rows": 1, "fails": 1}
    assert first["hits"] == {"total": 0, "arrays": 0, "rows": 0, "fails": 0}
    assert len(entries(tmp_path / "__pycache__")) == 4
    second, _ = run(tmp_path)
    assert second["hits"] == {"total": 1, "arrays": 1, "rows": 1, "fails": 1}
    assert second["misses"] == {"total": 0, "arrays": 0, "rows": 0, "fails": 0}
    for k in ("total", "arrays", "rows", "fails"):
        assert second[k] == first[k], k
    # the traceback names the raising line, from the cache too
    assert second["fails"][0] == "too big: 5" and "raise ValueError" in second["fails"][2]
    # the annotation report says where the machine code came from
    assert first["report"] == [False, True] and second["report"] == [True, False]


def test_an_edited_callee_in_another_module_gives_a_new_entry(tmp_path):
    write(tmp_path, m=2.0)
    first, _ = run(tmp_path)
    write(tmp_path, m=5.0)  # helpers.scale changes; mod.py does not
    second, _ = run(tmp_path)
    assert second["misses"]["total"] == 1 and second["hits"]["total"] == 0
    assert second["total"] != first["total"]
    # the functions that do not call it still load
    assert second["hits"]["arrays"] == 1
    names = [f for f in entries(tmp_path / "__pycache__") if f.startswith("mod.total.")]
    assert len(names) == 2
    write(tmp_path, m=2.0)  # back: the first entry is found again
    third, _ = run(tmp_path)
    assert third["hits"]["total"] == 1 and third["total"] == first["total"]


def test_a_changed_global_constant_gives_a_new_entry(tmp_path):
    write(tmp_path, k=3.0)
    first, _ = run(tmp_path)
    write(tmp_path, k=4.0)
    second, _ = run(tmp_path)
    assert second["misses"]["total"] == 1 and second["total"] != first["total"]


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_entry_warns_and_is_compiled_again(tmp_path, damage):
    write(tmp_path)
    first, _ = run(tmp_path)
    d = tmp_path / "__pycache__"
    target = d / next(f for f in entries(d) if f.startswith("mod.total."))
    data = target.read_bytes()
    if damage == "truncate":
        target.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        b = bytearray(data)
        b[-40] ^= 0xFF
        target.write_bytes(bytes(b))
    elif damage == "garbage":
        target.write_bytes(b"\x7fELF not a cache file at all" * 10)
    else:
        target.write_bytes(b"")
    second, err = run(tmp_path)
    assert "RuntimeWarning" in err and "ignoring the cache entry" in err and "mod.total." in err, err
    assert second["misses"]["total"] == 1 and second["total"] == first["total"]
    third, err = run(tmp_path)  # rewritten whole
    assert third["hits"]["total"] == 1 and "ignoring" not in err


def test_two_processes_compiling_at_once_both_succeed(tmp_path):
    write(tmp_path)
    e = dict(os.environ)
    e.pop("FERROJIT_CACHE_DIR", None)
    procs = [subprocess.Popen([sys.executable, "child.py"], cwd=tmp_path, env=e, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        outs.append(json.loads(out.strip().splitlines()[-1]))
    for o in outs[1:]:
        assert {k: o[k] for k in ("total", "arrays", "rows", "fails")} == \
            {k: outs[0][k] for k in ("total", "arrays", "rows", "fails")}
    last, _ = run(tmp_path)
    assert last["hits"] == {"total": 1, "arrays": 1, "rows": 1, "fails": 1}
    assert not [f for f in os.listdir(tmp_path / "__pycache__") if f.endswith(".tmp")]


def test_a_program_with_a_frozen_global_array_is_compiled_not_cached(tmp_path):
    (tmp_path / "g.py").write_text(textwrap.dedent('''
        import numpy as np, ferrojit
        W = np.arange(4.0)
        @ferrojit.njit(cache=True)
        def dot(a):
            return (a * W).sum()
        print(dot(np.ones(4)), list(dot.stats.cache.values())[0])
        '''))
    for _ in range(2):
        p = subprocess.run([sys.executable, "g.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        assert p.stdout.startswith("6.0 compiled, not cached: it reads a global array"), p.stdout
    assert entries(tmp_path / "__pycache__") == []


def test_a_directory_other_users_may_write_is_not_used(tmp_path):
    write(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # world-writable, no sticky bit
    out, _ = run(tmp_path, env={"FERROJIT_CACHE_DIR": str(shared)})
    assert out["misses"]["total"] == 0 and entries(shared) == []
    own = tmp_path / "own"
    out, _ = run(tmp_path, env={"FERROJIT_CACHE_DIR": str(own)})
    assert out["misses"]["total"] == 1 and len(entries(own)) == 4
    assert stat.S_IMODE(os.stat(own).st_mode) & 0o002 == 0


def test_the_command_line_lists_and_clears_entries(tmp_path):
    write(tmp_path)
    run(tmp_path)
    ls = subprocess.run([sys.executable, "-m", "ferrojit", "cache", "list", str(tmp_path)],
                        capture_output=True, text=True, timeout=120)
    assert ls.returncode == 0 and "4 entries" in ls.stdout and "mod.total" in ls.stdout, ls.stdout
    by_file = subprocess.run([sys.executable, "-m", "ferrojit", "cache", "list", str(tmp_path / "mod.py")],
                             capture_output=True, text=True, timeout=120)
    assert "4 entries" in by_file.stdout
    clear = subprocess.run([sys.executable, "-m", "ferrojit", "cache", "clear", str(tmp_path)],
                           capture_output=True, text=True, timeout=120)
    assert clear.returncode == 0 and "removed 4 entries" in clear.stdout
    assert entries(tmp_path / "__pycache__") == []


def test_the_same_program_twice_in_one_process(tmp_path):
    (tmp_path / "twice.py").write_text(textwrap.dedent('''
        import ferrojit
        def f(x):
            return x * 2 + 1
        a = ferrojit.njit(cache=True)(f)
        b = ferrojit.njit(cache=True)(f)
        print(a(3), b(3), len(a.stats.cache_misses) + len(a.stats.cache_hits), len(b.stats.cache_hits))
        '''))
    for _ in range(2):
        p = subprocess.run([sys.executable, "twice.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        assert p.stdout.split() == ["7", "7", "1", "1"]


def test_a_cfunc_is_cached_too(tmp_path):
    (tmp_path / "cf.py").write_text(textwrap.dedent('''
        import math, os, ferrojit
        @ferrojit.cfunc("float64(float64, int64)", cache=True)
        def f(x, n):
            s = 0.0
            for i in range(n):
                s += math.sin(x + i)
            return s
        files = sorted(p for p in os.listdir("__pycache__") if p.endswith(".fjc"))
        print(repr(f.ctypes(0.5, 10)), len(files), os.path.getmtime(os.path.join("__pycache__", files[0])))
        '''))
    e = dict(os.environ)
    e.pop("FERROJIT_CACHE_DIR", None)
    outs = []
    for _ in range(2):
        p = subprocess.run([sys.executable, "cf.py"], cwd=tmp_path, env=e, capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        outs.append(p.stdout.split())
    expected = sum(__import__("math").sin(0.5 + i) for i in range(10))
    assert float(outs[0][0]) == expected and outs[1][0] == outs[0][0]
    assert outs[0][1] == outs[1][1] == "1"
    assert outs[0][2] == outs[1][2]  # the second process loaded the entry, not rewrote it
