"""FERROJIT_CPU: compile for an x86-64 level instead of the host (issue 12)."""

import json
import os
import platform
import subprocess
import sys
import tempfile

import pytest

pytestmark = pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"), reason="x86-64 levels")

PROBE = r"""
import json, numpy as np, ferrojit
@ferrojit.njit
def scale(a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = a[i] * 3.0 + np.sin(a[i])
    return out
try:
    r = scale(np.arange(64.0))
    asm = scale.inspect_asm(scale.signatures[0])
    print(json.dumps({"cpu": ferrojit._native.host_cpu()[0], "zmm": "zmm" in asm, "ymm": "ymm" in asm,
                      "ok": bool(np.allclose(r, np.arange(64.0) * 3 + np.sin(np.arange(64.0))))}))
except Exception as e:
    print(json.dumps({"error": type(e).__name__, "message": str(e)}))
"""


def probe(cpu, _script=[]):
    if not _script:
        # ferrojit compiles from source: the probe must live in a file
        fd, path = tempfile.mkstemp(suffix="_probe.py")
        with os.fdopen(fd, "w") as f:
            f.write(PROBE)
        _script.append(path)
    env = dict(os.environ)
    env.pop("FERROJIT_CPU", None)
    if cpu is not None:
        env["FERROJIT_CPU"] = cpu
    out = subprocess.run([sys.executable, _script[0]], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def host_flags():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    return set()


def test_default_is_the_host():
    r = probe(None)
    assert r["ok"] and r["cpu"] not in ("x86-64-v3", "x86-64-v2", "x86-64")


@pytest.mark.parametrize("level", ["x86-64", "x86-64-v2"])
def test_levels_without_avx_use_no_wide_registers(level):
    r = probe(level)
    assert r == {"cpu": level, "zmm": False, "ymm": False, "ok": True}


def test_x86_64_v3_uses_avx2_not_avx512():
    if "avx2" not in host_flags():
        r = probe("x86-64-v3")
        assert r["error"] == "ValueError" and "lacks" in r["message"]
        return
    r = probe("x86-64-v3")
    assert r == {"cpu": "x86-64-v3", "zmm": False, "ymm": True, "ok": True}


def test_x86_64_v4_runs_only_where_avx512_is():
    r = probe("x86-64-v4")
    if "avx512f" in host_flags():
        assert r["cpu"] == "x86-64-v4" and r["ok"]
    else:
        assert r["error"] == "ValueError"
        assert "x86-64-v4" in r["message"] and "avx512f" in r["message"]


@pytest.mark.parametrize("name", ["skylake", "x86_64_v3", "v3"])
def test_unknown_cpu_name_is_a_clear_error(name):
    r = probe(name)
    assert r["error"] == "ValueError"
    assert f'FERROJIT_CPU="{name}"' in r["message"] and "x86-64-v3" in r["message"]


@pytest.mark.parametrize("name", ["host", "native", ""])
def test_host_spellings(name):
    assert probe(name)["ok"]
