"""Numba's ``numba.config`` names that programs read (``import ferrojit as numba`` keeps
them working). Read once at import, from ``FERROJIT_*`` or Numba's ``NUMBA_*`` variables."""

import os


def _flag(*names):
    return any(os.environ.get(n, "0") not in ("", "0") for n in names)


#: Compiling is off: decorated functions run in the interpreter (FERROJIT_DISABLE_JIT=1).
DISABLE_JIT = _flag("FERROJIT_DISABLE_JIT", "NUMBA_DISABLE_JIT")

#: The CPUs this process may use (affinity and cgroup quota), as Numba reports it.
NUMBA_DEFAULT_NUM_THREADS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
#: The thread pool's size (`FERROJIT_NUM_THREADS` or `NUMBA_NUM_THREADS`, else the CPU
#: count): the most threads `set_num_threads` allows.
from ._native import pool_size as _pool_size  # noqa: E402
NUMBA_NUM_THREADS = _pool_size()

#: Bounds checking forced on (True) or off (False) for every compiled function, whatever
#: its ``boundscheck=`` keyword says, when FERROJIT_BOUNDSCHECK or NUMBA_BOUNDSCHECK is
#: set (``0``: off); None otherwise, and then each function's keyword decides (on unless
#: ``boundscheck=False``: docs/supported.md, "Bounds checking").
BOUNDSCHECK = next((os.environ[n].strip() != "0" for n in ("FERROJIT_BOUNDSCHECK", "NUMBA_BOUNDSCHECK")
                    if os.environ.get(n, "").strip()), None)
