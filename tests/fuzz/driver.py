"""Run N random programs in worker subprocesses, shrink and record mismatches.

    python -m tests.fuzz -n 1000 --seed 1        (or: make fuzz N=1000 SEED=1)

Program ``i`` of seed ``s`` is always the same program with the same inputs, so a
finding is reproduced with ``python -m tests.fuzz --seed s --only i``.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from .shrink import normalize_sig

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REGRESSIONS = os.path.join(ROOT, "tests", "fuzz", "regressions")


@dataclass
class Result:
    n: int = 0
    ok: int = 0
    unsupported: int = 0
    genbug: int = 0
    mismatches: list = field(default_factory=list)   # dicts: i, kind, detail, ...
    unsupported_msgs: Counter = field(default_factory=Counter)
    genbug_msgs: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def _worker_cmd(mode):
    return [sys.executable, "-m", "tests.fuzz.worker", mode]


def _run_range(seed, start, stop, skip_bugs, n_inputs, res, lock, log, timeout=60):
    """Programs start..stop-1 in one worker; restarts it after a crash."""
    i = start
    failures = 0  # workers that died before running anything (import error, rebuild)
    while i < stop:
        job = json.dumps({"seed": seed, "start": i, "stop": stop,
                          "skip_bugs": list(skip_bugs), "inputs": n_inputs})
        p = subprocess.Popen(_worker_cmd("run"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT)
        p.stdin.write(job)
        p.stdin.close()
        current = None
        started = False
        done = False
        last = [time.time()]
        timer_stop = threading.Event()

        def watchdog():
            while not timer_stop.wait(1.0):
                if time.time() - last[0] > timeout:
                    p.kill()
                    return
        threading.Thread(target=watchdog, daemon=True).start()
        for line in p.stdout:
            last[0] = time.time()
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            if "begin" in r:
                current = r["begin"]
                started = True
                continue
            if r.get("done"):
                done = True
                break
            with lock:
                _record(res, r, seed, log)
            current = None
            i = r["i"] + 1
        p.wait()
        timer_stop.set()
        stderr = p.stderr.read()
        if done:
            return
        if not started:
            # the worker could not even start (e.g. the extension is being rebuilt):
            # not a finding; retry a few times
            failures += 1
            if failures > 5:
                raise RuntimeError("fuzz worker fails to start:\n" + stderr[-2000:])
            time.sleep(5)
            continue
        if current is None:
            current = i
        kind = "timeout" if time.time() - last[0] > timeout else "crash"
        detail = (f"worker died running program {current} (exit code {p.returncode})"
                  if kind == "crash" else f"no progress for {timeout} s")
        tail = "\n".join(stderr.strip().splitlines()[-5:])
        with lock:
            _record(res, {"i": current, "status": "mismatch", "kind": kind,
                          "detail": detail + ("\n" + tail if tail else ""), "input": None,
                          "rules": []}, seed, log)
        i = current + 1


def _record(res, r, seed, log):
    res.n += 1
    res.rules.update(r.get("rules", ()))
    st = r["status"]
    if st == "ok":
        res.ok += 1
    elif st == "unsupported":
        res.unsupported += 1
        res.unsupported_msgs[normalize_sig(r["detail"])] += 1
    elif st == "genbug":
        res.genbug += 1
        res.genbug_msgs[r["detail"].split("\n")[0][:200]] += 1
    else:
        r = dict(r, seed=seed)
        res.mismatches.append(r)
        log(f"MISMATCH seed={seed} program={r['i']}: {r['kind']}: "
            f"{r['detail'].splitlines()[0][:200]}")


def run(n=100, seed=0, jobs=1, skip_bugs=(), n_inputs=3, start=0, log=print):
    res = Result()
    lock = threading.Lock()
    t0 = time.time()
    ranges = []
    chunk = 150  # a fresh worker every 150 programs keeps memory in check
    for a in range(start, start + n, chunk):
        ranges.append((a, min(a + chunk, start + n)))
    todo = list(ranges)

    def loop():
        while True:
            with lock:
                if not todo:
                    return
                a, b = todo.pop(0)
            _run_range(seed, a, b, skip_bugs, n_inputs, res, lock, log)
    threads = [threading.Thread(target=loop) for _ in range(max(1, jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    res.mismatches.sort(key=lambda r: r["i"])
    res.seconds = time.time() - t0
    return res


# ---------------------------------------------------------------------------
# shrinking and regression tests
# ---------------------------------------------------------------------------
def case(seed, i, skip_bugs=(), n_inputs=3):
    """(program, inputs) of program ``i`` (generated in this process: pure Python)."""
    from .worker import make_case
    return make_case(seed, i, skip_bugs, n_inputs)


def shrink_case(source, inputs, options, ulps, kind, detail, budget_s=90, tolerate=()):
    job = json.dumps({"source": source, "inputs": inputs, "options": options, "ulps": ulps,
                      "kind": kind, "sig": detail, "budget_s": budget_s,
                      "tolerate": list(tolerate)})
    try:
        p = subprocess.run(_worker_cmd("shrink"), input=job, capture_output=True, text=True,
                           cwd=ROOT, timeout=budget_s * 3 + 60)
    except subprocess.TimeoutExpired:
        return source, inputs
    for line in p.stdout.splitlines():
        if line.startswith('{"source"'):
            r = json.loads(line)
            return r["source"], r["inputs"]
    return source, inputs


def check_case(source, inputs, options, ulps, repeat=1, tolerate=(), timeout=120):
    """Check one program in a worker process (a crash is a finding, not our death)."""
    job = json.dumps({"source": source, "inputs": inputs, "options": options, "ulps": ulps,
                      "repeat": repeat, "tolerate": list(tolerate)})
    try:
        p = subprocess.run(_worker_cmd("check"), input=job, capture_output=True, text=True,
                           cwd=ROOT, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": "mismatch", "kind": "timeout", "detail": "timeout"}
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode != 0 or not lines:
        return {"status": "mismatch", "kind": "crash",
                "detail": f"worker died (exit code {p.returncode})"}
    return json.loads(lines[0])


REGRESSION_TEMPLATE = '''"""Fuzzer regression ({kind}), found by `make fuzz SEED={seed}` (program {i}), shrunk.

{detail}
"""

import pytest

from ..harness import check_regression

SOURCE = """\\
{source}"""

INPUTS = {inputs}

OPTIONS = {options!r}


{mark}def test_{name}():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps={ulps}, subprocess={subproc})
'''


def write_regression(m, source, inputs, options, ulps, directory=REGRESSIONS, xfail=True):
    """Write a pytest file for a shrunk mismatch; returns its path (None if a test
    with the same program and inputs exists)."""
    from .harness import input_literal
    os.makedirs(directory, exist_ok=True)
    init = os.path.join(directory, "__init__.py")
    if not os.path.exists(init):
        open(init, "w").close()
    h = hashlib.sha1((source + repr(inputs)).encode()).hexdigest()[:10]
    name = f"{m['kind'].replace('-', '_')}_{h}"
    path = os.path.join(directory, f"test_{name}.py")
    if os.path.exists(path):
        return None
    detail = m["detail"].replace('"""', "'''").replace("\\", "\\\\")
    reason = m["detail"].splitlines()[0][:150].replace('"', "'").replace("\\", "\\\\")
    mark = f'@pytest.mark.xfail(strict=True, reason="{m["kind"]}: {reason}")\n' if xfail else ""
    inputs_src = "[\n" + "".join(
        "    [" + ", ".join(input_literal(x) for x in inp) + "],\n" for inp in inputs) + "]"
    text = REGRESSION_TEMPLATE.format(
        kind=m["kind"], seed=m.get("seed"), i=m.get("i"), detail=detail,
        # (the source sits in a string literal: `end='!\n'` keeps its backslash)
        source=source.rstrip().replace("\\", "\\\\") + "\n", inputs=inputs_src,
        options=options, mark=mark,
        name=name, ulps=ulps, subproc=m["kind"] in ("crash", "timeout"))
    with open(path, "w") as fh:
        fh.write(text)
    return path


def shrink_and_record(res, skip_bugs=(), n_inputs=3, max_shrink=8, write=True,
                      directory=REGRESSIONS, log=print, budget_s=90):
    """Shrink the first mismatch of each kind of failure; write regression tests.
    Returns [(mismatch, shrunk source, shrunk inputs, path)]."""
    from .worker import ulps_for
    seen = set()
    out = []
    for m in res.mismatches:
        sig = (m["kind"], normalize_sig(m["detail"]))
        if sig in seen or len(out) >= max_shrink:
            continue
        seen.add(sig)
        prog, inputs = case(m["seed"], m["i"], skip_bugs, n_inputs)
        if m.get("input") is not None:
            inputs = [inputs[m["input"]]]
        ulps = ulps_for(prog)
        log(f"shrinking program {m['i']} ({m['kind']}) ...")
        src, inps = shrink_case(prog.source, inputs, prog.options, ulps, m["kind"],
                                m["detail"], budget_s, skip_bugs)
        # the shrunk program's own failure message for the test's docstring
        r = check_case(src, inps, prog.options, ulps, tolerate=skip_bugs)
        mm = dict(m)
        if r.get("status") == "mismatch":
            mm["detail"] = r["detail"]
        path = write_regression(mm, src, inps, prog.options, ulps, directory) if write else None
        out.append((mm, src, inps, path))
        log(f"  -> {len(src.splitlines())} lines" + (f", wrote {os.path.relpath(path, ROOT)}"
                                                      if path else ""))
        log("     " + src.replace("\n", "\n     ").rstrip())
        log(f"     inputs: {inps!r}")
        log(f"     {mm['detail'].splitlines()[0][:300]}")
    return out


def summary(res):
    lines = []
    kinds = Counter(m["kind"] for m in res.mismatches)
    lines.append(f"ok {res.ok}, unsupported (TypingError) {res.unsupported}, "
                 f"generator errors {res.genbug}, mismatches {len(res.mismatches)} "
                 f"{dict(kinds) if kinds else ''}, {res.seconds:.1f} s")
    for msg, c in res.unsupported_msgs.most_common(8):
        lines.append(f"  unsupported x{c}: {msg}")
    for msg, c in res.genbug_msgs.most_common(5):
        lines.append(f"  generator error x{c}: {msg}")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m tests.fuzz",
                                 description="ferrojit's differential random-program fuzzer")
    ap.add_argument("-n", "--programs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--start", type=int, default=0, help="first program index")
    ap.add_argument("--only", type=int, default=None,
                    help="print program ONLY of the seed with its inputs and check it")
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("--inputs", type=int, default=3, help="inputs per program")
    ap.add_argument("--skip-bug", action="append", default=[],
                    help="leave out the rules tagged with this known bug (repeatable)")
    ap.add_argument("--skip-known", action="store_true",
                    help="leave out every known bug of test_fuzz_sample.KNOWN_BUGS")
    ap.add_argument("--no-shrink", action="store_true")
    ap.add_argument("--no-write", action="store_true",
                    help="do not write regression tests")
    ap.add_argument("--max-shrink", type=int, default=8)
    ap.add_argument("--shrink-budget", type=float, default=45.0,
                    help="seconds per shrink")
    ap.add_argument("--out", default=REGRESSIONS, help="directory for regression tests")
    ap.add_argument("--strict", action="store_true", help="exit status 1 on a mismatch")
    ap.add_argument("--report", default=None, help="write all mismatches as JSON here")
    a = ap.parse_args(argv)
    if a.skip_known:
        from .test_fuzz_sample import KNOWN_BUGS
        a.skip_bug = list(a.skip_bug) + [b for b in KNOWN_BUGS if b not in a.skip_bug]
    if a.only is not None:
        prog, inputs = case(a.seed, a.only, a.skip_bug, a.inputs)
        from .harness import describe_inputs
        from .worker import ulps_for
        print(prog.source)
        for inp in inputs:
            print("inputs:", describe_inputs(inp))
        print(check_case(prog.source, inputs, prog.options, ulps_for(prog),
                         tolerate=a.skip_bug))
        return 0
    res = run(a.programs, a.seed, a.jobs, a.skip_bug, a.inputs, a.start)
    print(summary(res))
    if a.report:
        with open(a.report, "w") as fh:
            json.dump({"mismatches": res.mismatches,
                       "unsupported": dict(res.unsupported_msgs),
                       "genbug": dict(res.genbug_msgs),
                       "rules": dict(res.rules)}, fh, indent=1)
    if res.mismatches and not a.no_shrink:
        shrink_and_record(res, a.skip_bug, a.inputs, a.max_shrink, not a.no_write, a.out,
                          budget_s=a.shrink_budget)
    print(f"fuzz: {res.n} programs, {len(res.mismatches)} mismatches")
    return 1 if res.mismatches and a.strict else 0
