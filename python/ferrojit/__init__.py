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

from . import errors, extending, types
from ._native import __version__
from .cfunc import carray, cfunc, farray
from .decorators import jit, njit

__all__ = ["jit", "njit", "cfunc", "carray", "farray", "types", "errors", "__version__"]
