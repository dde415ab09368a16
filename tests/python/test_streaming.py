"""Streaming (non-temporal) stores for loops that fill a large new array.

A loop that writes every element of a fresh array (the seed's ``addarr``, a
materialised array expression) is compiled twice; the copy used for outputs of at
least FERROJIT_STREAM_BYTES (default 4 MiB) writes with non-temporal stores. These
tests check the assembly has both copies and run every kernel of
``streaming_check.py`` against CPython with the threshold at 0, so the streaming copy
runs on all sizes (tails, empty arrays, 2-D, broadcasting, an exception part-way).
"""

import os
import platform
import re
import subprocess
import sys

import numpy as np
import pytest

import ferrojit

HERE = os.path.dirname(os.path.abspath(__file__))
X86 = platform.machine().lower() in ("x86_64", "amd64")


def run_check(stream_bytes):
    env = dict(os.environ, FERROJIT_STREAM_BYTES=stream_bytes)
    proc = subprocess.run([sys.executable, os.path.join(HERE, "streaming_check.py")],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return proc.stdout


@pytest.mark.skipif(not X86, reason="streaming stores are emitted on x86-64 only")
def test_streaming_copy_matches_cpython_on_every_size():
    out = run_check("0")
    assert "streaming stores: yes" in out
    assert re.search(r"checked \d{3,}", out)


def test_streaming_disabled_matches_cpython():
    out = run_check("off")
    assert "streaming stores: no" in out


def addarr(x, y):
    r = np.zeros_like(x)
    for i in range(x.size):
        r[i] = x[i] + y[i]
    return r


@pytest.mark.skipif(not X86, reason="x86-64 assembly")
def test_addarr_has_streaming_and_cached_copies():
    f = ferrojit.njit(addarr)
    x = np.arange(64.0)
    np.testing.assert_array_equal(f(x, x), x + x)
    asm = f.inspect_asm(f.signatures[0])
    if not re.search(r"%[yz]mm\d+", asm):
        pytest.skip("host without AVX: 16-byte vectors only")
    assert re.search(r"^\s*vmovntp[sd]\b", asm, re.M), asm
    assert re.search(r"^\s*sfence\b", asm, re.M), asm
    # the plain copy for small outputs keeps ordinary vector stores
    assert re.search(r"^\s*vmov[au]p[sd]\s+%[yz]mm\d+, \S*\(", asm, re.M), asm


def scaled_difference(a, b):
    return a * 2.0 - b


def test_large_outputs_are_correct_with_default_threshold():
    # 8 MB outputs take the streaming copy with the default threshold.
    rng = np.random.default_rng(3)
    x, y = rng.random(1_000_000), rng.random(1_000_000)
    f = ferrojit.njit(addarr)
    np.testing.assert_array_equal(f(x, y), x + y)
    g = ferrojit.njit(scaled_difference)
    np.testing.assert_array_equal(g(x, y), x * 2.0 - y)
