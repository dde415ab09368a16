"""The subprocess that runs programs (so that a crash in compiled code is a finding,
not the end of the run). Driven by driver.py; speaks JSON lines on stdout.

    python -m tests.fuzz.worker run      < {"seed", "start", "stop", "skip_bugs", "inputs"}
    python -m tests.fuzz.worker check    < {"source", "inputs", "options", "ulps"}
    python -m tests.fuzz.worker shrink   < {"source", "inputs", "options", "ulps", "kind", "sig"}
"""

import json
import os
import signal
import sys
import traceback


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class Timeout(BaseException):
    """(Not an Exception: a generated `except Exception:` must not catch it.)"""


def _alarm(signum, frame):
    raise Timeout("program ran too long")


def program_rng(seed, i):
    import random
    return random.Random(f"ferrojit-fuzz:{seed}:{i}")


def make_case(seed, i, skip_bugs=(), n_inputs=3):
    """Program ``i`` of run ``seed`` and its inputs (deterministic)."""
    from . import gen
    rng = program_rng(seed, i)
    prog = gen.gen_program(rng, skip_bugs)
    inputs = [gen.make_inputs(prog, rng) for _ in range(n_inputs)]
    return prog, inputs


def ulps_for(prog):
    from .harness import ULPS
    return ULPS if (prog.approx or prog.transc) else 0


def tolerated(prog, skip_bugs=()):
    """What comparing random program ``prog`` tolerates: the known bugs being skipped,
    and the sign of zero where NumPy leaves it unspecified (``gen.zero_sign_free``).
    Regression tests are checked without the latter."""
    from . import gen
    return tuple(skip_bugs) + (("zero-sign",) if gen.zero_sign_free(prog.source) else ())


def evaluate(source, inputs, options, ulps, tolerate=()):
    """{"status": ok|unsupported|genbug|mismatch, ...} for one program."""
    from . import harness
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    try:
        m, idx = harness.run_source_idx(source, inputs, options, ulps=ulps,
                                        tolerate=tolerate)
    except harness.GeneratorBug as e:
        return {"status": "genbug", "detail": str(e)}
    except Timeout:
        return {"status": "mismatch", "kind": "timeout", "detail": "timed out (20 s)",
                "input": 0}
    except Exception as e:  # noqa: BLE001 - the harness itself failed
        return {"status": "genbug", "detail": f"harness: {type(e).__name__}: {e}\n"
                + traceback.format_exc(limit=3)}
    finally:
        signal.alarm(0)
    if m is None:
        return {"status": "ok"}
    if m.kind == "unsupported":
        return {"status": "unsupported", "detail": m.detail}
    return {"status": "mismatch", "kind": m.kind, "detail": m.detail, "input": idx}


def cmd_run(job):
    for i in range(job["start"], job["stop"]):
        emit({"begin": i})
        prog, inputs = make_case(job["seed"], i, job.get("skip_bugs", ()),
                                 job.get("inputs", 3))
        r = evaluate(prog.source, inputs, prog.options, ulps_for(prog),
                     tolerated(prog, job.get("skip_bugs", ())))
        r["i"] = i
        r["rules"] = sorted(prog.rules)
        emit(r)
    emit({"done": True})


def cmd_check(job):
    # "repeat": run it several times (a crash that depends on memory layout may need a
    # few runs to show)
    for _ in range(job.get("repeat", 1)):
        r = evaluate(job["source"], job["inputs"], job.get("options", {}), job.get("ulps", 0),
                     job.get("tolerate", ()))
        if r["status"] != "ok":
            break
    emit(r)
    emit({"done": True})


def cmd_shrink(job):
    from . import shrink
    src, inputs = shrink.shrink(job["source"], job["inputs"], job.get("options", {}),
                                job.get("ulps", 0), job["kind"], job.get("sig", ""),
                                budget_s=job.get("budget_s", 90),
                                tolerate=job.get("tolerate", ()))
    emit({"source": src, "inputs": inputs})
    emit({"done": True})


def main():
    os.environ.setdefault("PYTHONHASHSEED", "0")
    job = json.loads(sys.stdin.read())
    {"run": cmd_run, "check": cmd_check, "shrink": cmd_shrink}[sys.argv[1]](job)


if __name__ == "__main__":
    main()
