#!/usr/bin/env bash
# `make wheel-check` (part of `make test`, issue 18): the wheel `make wheel` built is
# self-contained. It checks that the extension has no dynamic LLVM dependency, installs
# the wheel into a fresh venv (not the development one), and runs the demo and a
# compile-and-call there on a filesystem where LLVM is hidden: a private mount namespace
# (`unshare --mount`, as root) with an empty directory over /usr/lib/llvm-19 and
# /dev/null over every libLLVM in the system library directory. Where a namespace cannot
# be made (a container without CAP_SYS_ADMIN) it says so and runs with LLVM in place; the
# process-map check below still fails if libLLVM is loaded.
#
#   tests/wheel/check.sh WHEEL PYTHON REQUIREMENTS
set -euo pipefail
wheel=$1; py_sys=$2; reqs=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/ferrojit-wheel.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "== wheel: $(basename "$wheel") ($(du -h "$wheel" | cut -f1))"
mkdir "$work/unpacked" && (cd "$work/unpacked" && "$py_sys" -m zipfile -e "$wheel" .)
so=$(ls "$work"/unpacked/ferrojit/_native*.so)
needed=$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
echo "   extension: $(du -h "$so" | cut -f1), NEEDED: $needed"
echo "   bundled: $(ls "$work"/unpacked/ferrojit.libs 2>/dev/null | tr '\n' ' ')"
if echo "$needed" | grep -qi llvm; then
  echo "FAIL: the wheel's extension links LLVM dynamically" >&2; exit 1
fi

echo "== a fresh venv with the wheel (pins from $(basename "$reqs"))"
"$py_sys" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check -c "$reqs" "$wheel" scipy

cat > "$work/probe.py" <<'PY'
import numpy as np
import ferrojit

@ferrojit.njit(parallel=True)
def norm2(a):
    s = 0.0
    for i in ferrojit.prange(a.shape[0]):
        s += a[i] * a[i]
    return s

a = np.arange(1000.0)
assert norm2(a) == float((a * a).sum()), norm2(a)
maps = open("/proc/self/maps").read()
assert "libLLVM" not in maps, "libLLVM is loaded"
print("   probe: compiled and ran from", ferrojit.__file__, "- no libLLVM mapped")
PY

hide='mkdir -p "$1/empty"; mount --bind "$1/empty" /usr/lib/llvm-19 2>/dev/null || true
for f in /usr/lib/*-linux-gnu/libLLVM*; do [ -e "$f" ] && mount --bind /dev/null "$f"; done
[ -z "$(ls /usr/lib/llvm-19 2>/dev/null)" ] || { echo "LLVM still visible" >&2; exit 1; }
shift; exec "$@"'
run=(bash -c "$hide" hide "$work")
if unshare --mount true 2>/dev/null; then
  echo "== the demo with LLVM hidden (private mount namespace)"
  run=(unshare --mount "${run[@]}")
else
  echo "== the demo (no mount namespace here: LLVM is on disk, the map check still applies)"
  run=()
fi
cd "$work"   # not the source tree: the venv's ferrojit, not python/ferrojit
"${run[@]}" "$work/venv/bin/python" "$work/probe.py"
"${run[@]}" "$work/venv/bin/python" "$root/examples/run_all.py"
echo "== wheel check passed"
