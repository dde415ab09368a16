"""ferrojit: a just-in-time compiler for numeric Python, written in Rust on LLVM.

    import ferrojit

    @ferrojit.jit
    def fib(n):
        a, b = 1, 1
        for i in range(n):
            a, b = a + b, a
        return a

The API follows Numba's names: ``jit``, ``njit``, ``types``, signature strings,
``nogil=True``, ... See docs/getting-started.md.
"""

from . import config, errors, extending, typed, types
from ._native import __version__
from .cfunc import carray, cfunc, farray
from .decorators import jit, njit
from .vectorize import DUFunc, guvectorize, vectorize


def stencil(func_or_mode="constant", **options):
    """Numba's ``stencil`` (see ``ferrojit._stencil``; loaded on first use, as it needs
    the ``ast`` module)."""
    from ._stencil import stencil as make
    return make(func_or_mode, **options)

from .experimental import deferred_type, optional  # noqa: F401  (Numba's names, for jitclass specs)
from .extending import register_jitable as _register_jitable
# Numba's type names at the top level (`numba.float64`, `numba.int32[:]`).
from .types import (  # noqa: F401
    b1, bool_, boolean, byte, c8, c16, cdouble, complex64, complex128, csingle, double, f4, f8,
    float32, float64, i1, i2, i4, i8, int8, int16,
    int32, int64, int_, intc, intp, none, single, u1, u2, u4, u8, uchar, uint8, uint16,
    uint32, uint64, uintc, uintp, void, voidptr,
)

def literal_unroll(container):
    """Numba's ``literal_unroll``: here the container itself. A loop over a tuple of items
    of one kind (numbers, or strings) or over a list compiles as any loop does; a tuple of
    items of different types is not unrolled yet (a compile error saying so)."""
    return container


def prange(*args):
    """Numba's `prange`: a `range` whose iterations may run in parallel. In a
    `@jit(parallel=True)` function, a `prange` loop whose iterations are independent runs
    on the thread pool (see docs/supported.md, "Parallel loops"); anywhere else, and in
    the interpreter, it is `range`."""
    return range(*args)


@_register_jitable
def literally(obj):
    """Numba's `literally(x)`: ferrojit specialises on values' types, so it is `x`."""
    return obj


def get_num_threads():
    """Threads that parallel loops use (`prange` loops of `parallel=True` functions,
    `vectorize(target="parallel")`)."""
    from . import _native
    return _native.get_num_threads()


def set_num_threads(n):
    """Use `n` threads of the pool (1 <= n <= NUMBA_NUM_THREADS), as Numba's."""
    from . import _native
    _native.set_num_threads(int(n))


def release_cached_memory():
    """Give back the array memory this thread keeps for reuse: compiled code keeps the
    blocks of freed arrays (up to ``FERROJIT_ARRAY_CACHE_MB`` megabytes, 256 by default,
    0 to keep none) so that a kernel called again does not fault its memory in anew.
    Returns the bytes released."""
    from . import _native
    return _native.release_cached_memory()


class _ObjModeContext:
    """Numba's `objmode` context: `with objmode(y="float64"):` runs its block in the
    Python interpreter when the function is compiled (the declared outputs come back to
    compiled code with those types); in plain Python it does nothing."""

    __name__ = "objmode"
    __module__ = "ferrojit"

    def __call__(self, *args, **outputs):
        return self

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False

    def __repr__(self):
        return "ferrojit.objmode"


objmode = _ObjModeContext()

__all__ = ["jit", "njit", "cfunc", "carray", "farray", "types", "errors", "config", "prange",
           "objmode", "vectorize", "guvectorize", "stencil", "literally", "get_num_threads", "set_num_threads",
           "release_cached_memory", "deferred_type", "optional", "literal_unroll", "__version__"]
