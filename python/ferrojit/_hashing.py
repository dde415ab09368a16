"""CPython's string hash in compiled code: the runtime computes siphash13 (CPython 3.11's
default string hash) itself, with the key this interpreter drew at startup
(``_Py_HashSecret``, read here through ctypes), so that compiled sets of strings order
their tables exactly as CPython's sets do, and ``hash(s)`` needs no call into Python.

The key is kept only if the runtime's hash then equals ``hash()`` on sample strings of
every width (an interpreter built with another hash, or without the symbol, keeps the
runtime's own string hash: sets of strings then iterate in another order, and the
library's ``hash(str)`` calls Python)."""

import ctypes

from . import _native

_SAMPLES = ["", "a", "ab", "ferrojit", "hash of sixteen!", "é", "€uro", "\U0001F600 x", "x" * 37]


def install():
    """Read the key and give it to the runtime; whether compiled code now hashes strings
    as CPython does."""
    if _native.has_hash_secret():
        return True
    try:
        secret = (ctypes.c_uint64 * 2).in_dll(ctypes.pythonapi, "_Py_HashSecret")
    except (ValueError, AttributeError, OSError):
        return False
    samples = [(s, hash(s)) for s in _SAMPLES]
    return _native.set_hash_secret(secret[0], secret[1], samples)


ENABLED = install()
