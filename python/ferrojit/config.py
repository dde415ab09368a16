"""Numba's ``numba.config`` names that programs read (``import ferrojit as numba`` keeps
them working). Read once at import, from ``FERROJIT_*`` or Numba's ``NUMBA_*`` variables."""

import os


def _flag(*names):
    return any(os.environ.get(n, "0") not in ("", "0") for n in names)


#: Compiling is off: decorated functions run in the interpreter (FERROJIT_DISABLE_JIT=1).
DISABLE_JIT = _flag("FERROJIT_DISABLE_JIT", "NUMBA_DISABLE_JIT")

#: Threads `parallel=True` may use. ferrojit runs `prange` loops on one thread for now
#: (docs/supported.md), so this is the machine's count, as Numba reports it.
NUMBA_DEFAULT_NUM_THREADS = os.cpu_count() or 1
NUMBA_NUM_THREADS = int(os.environ.get("NUMBA_NUM_THREADS", NUMBA_DEFAULT_NUM_THREADS))

#: Bounds checking forced on (True) or off (False) for every compiled function, whatever
#: its ``boundscheck=`` keyword says, when FERROJIT_BOUNDSCHECK or NUMBA_BOUNDSCHECK is
#: set (``0``: off); None otherwise, and then each function's keyword decides (on unless
#: ``boundscheck=False``: docs/supported.md, "Bounds checking").
BOUNDSCHECK = next((os.environ[n].strip() != "0" for n in ("FERROJIT_BOUNDSCHECK", "NUMBA_BOUNDSCHECK")
                    if os.environ.get(n, "").strip()), None)
