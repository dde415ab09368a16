"""The library written in Python: NumPy functions (and Python builtins, `builtins.py`) that need no intrinsic of the
compiler, written in the subset ferrojit compiles and compiled by ferrojit itself, like
user code (specialised per argument types, inlined by LLVM). Numba implements most of its
NumPy support this way (``@overload``); ferrojit uses the same public mechanism
(``ferrojit.extending``), registering each function under its full NumPy name.

Each entry is an overload function: it receives the argument types (``ferrojit.types``
objects) and returns an implementation, or ``None`` for types it does not accept (the
compiler then says which function and types). Adding a NumPy function means one entry
here, its row in ``docs/supported.md`` and a differential test against NumPy in
``tests/python/test_library.py``.
"""

from . import builtins, cmath, complex_numpy, dicts, indexing, linalg, lists, math_functions, numpy_functions, random_generator, random_legacy, sets, sorting  # noqa: F401  (register the functions)
