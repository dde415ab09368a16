"""Python's ``dict`` for compiled code, written in Python on top of lists and compiled like
user code.

A dict with keys of type K and values of type V is, in compiled code, the 5-tuple
``d = ("\\x00dict", keys, vals, hashes, table)`` (the first item a string known when
compiling; ``keys: list[K]``, ``vals: list[V]``, ``hashes: list[int64]``,
``table: list[int64]``). The tuple is immutable, its lists are shared: every operation
mutates them in place, never rebinds them.

- Entries are kept in insertion order: entry i is ``keys[i]``, ``vals[i]``, ``hashes[i]``.
- ``table`` empty: the dict is not indexed yet (a literal, or a dict passed in from
  Python): ``hashes`` is empty and keys/vals hold the entries in order, possibly with
  duplicate keys (the first one keeps its place and takes the last value, as CPython's
  ``{1: 'a', 2: 'b', 1: 'c'}``). Every operation indexes such a dict first (``_index``).
- Indexed: ``hashes[i]`` is the key's hash (never -1), or -1 when entry i is deleted
  (deleted entries keep their key and value until the lists are compacted);
  ``table[0]`` is the number of live entries and ``table[1:]`` are 2**k slots (k >= 3):
  -1 empty, -2 dummy (the slot of a deleted entry), else an entry index. Slots are probed
  as CPython's ``Objects/dictobject.c`` does (``i = h & mask``, then ``perturb >>= 5``,
  ``i = (i*5 + perturb + 1) & mask``). The entries (live and deleted) stay under 2/3 of
  the slots; growing compacts the lists and rebuilds the table with at least 3 slots per
  live entry (CPython's ``GROWTH_RATE``).

``popitem`` removes the last entry from the lists, as CPython does; its slot stays a
dummy that no entry counts, so an insertion that walks past many dummies (a dict used
as a stack of new keys) compacts and rebuilds the table, and every probe stops after
it has seen all the slots.

Keys are hashed by ``_key_hash`` (an implementation per key type; all keys of a dict
have one type, so it only needs to agree within a type): ints and bools are their own
value, integral floats below 2**62 their int value (so -0.0 and 0.0 hash alike), other
floats, complex numbers, strings and tuples the builtin ``hash``. A key looked up with
another type than the dict's is converted when that is lossless (2.0 finds the int key
2, 2.5 finds nothing, a str in a dict of numbers finds nothing).

A dict whose keys or values have no type yet (``{}`` that nothing typed: lists of
unknown items) is empty: lookups find nothing without compiling a read of its items;
a store into it is refused when compiling (the compiler types such a dict by its later
stores).

Results, orders and error messages follow CPython 3.11; a missing key raises
``KeyError("\\x00repr:" + repr(key))``, which the Python boundary turns into
``KeyError(key)``.

A set (python/ferrojit/_lib/sets.py) is the same table with the marker ``"\\x00set"``
and values all True: the helpers here take either (``_is_table``), ``_copy`` keeps the
marker.

Each registered function (``builtins.dict.get``...) returns the module-level helper
itself as its implementation when it can (``_get``): those helpers are plain Python,
also run as they are by tests/python/test_dict_table.py.
"""

from .. import types
from ..extending import library, overload

_MARKER = "\x00dict"
_SET_MARKER = "\x00set"
_LOW59 = 0x07FFFFFFFFFFFFFF  # (perturb >> 5) & _LOW59: a logical shift of an int64
_TWO_62 = 4611686018427387904.0
_TWO_63 = 9223372036854775808.0
class _NoValue:
    """`pop(d, k)` without a default (a fixed repr: docs/functions.md shows it)."""

    def __repr__(self):
        return "<no value>"


_MISSING = _NoValue()


# --- types --------------------------------------------------------------------------

def _is_table_of(t, marker):
    return (isinstance(t, types.BaseTuple) and len(t.types) == 5
            and isinstance(t.types[0], types.StringLiteral)
            and t.types[0].literal_value == marker)


def _is_dict(t):
    return _is_table_of(t, _MARKER)


def _is_set(t):
    # a set: the same table, its values True (python/ferrojit/_lib/sets.py)
    return _is_table_of(t, _SET_MARKER)


def _is_table(t):
    # a dict or a set: what the internal helpers (`_find_key`, `_copy`...) take
    return _is_dict(t) or _is_set(t)


def _unknown(t):
    # `[]` whose item type nothing decided: it is empty
    return isinstance(t, types.List) and t.dtype.kind == "unknown"


def _empty_dict(d):
    # a dict whose keys or values have no type yet: it has no entries
    return _unknown(d.types[1]) or _unknown(d.types[2])


def _intlike(t):
    return isinstance(t, (types.Integer, types.Boolean))


def _floatlike(t):
    return isinstance(t, types.Float)


def _complexlike(t):
    return isinstance(t, types.Complex)


def _numeric(t):
    return _intlike(t) or _floatlike(t) or _complexlike(t)


def _unhashable(t):
    if isinstance(t, types.List):
        return "list"
    if isinstance(t, types.Array):
        return "numpy.ndarray"
    if _is_dict(t):
        return "dict"
    if _is_set(t):
        return "set"
    return None


def _compatible(a, b):
    # can a key of type b equal a key of type a (numbers with numbers, str with str,
    # tuples of the same length item by item)?
    if a == b:
        return True
    if _numeric(a) and _numeric(b):
        return True
    if isinstance(a, types.UnicodeType) and isinstance(b, types.UnicodeType):
        return True
    if isinstance(a, types.BaseTuple) and isinstance(b, types.BaseTuple):
        if len(a.types) != len(b.types):
            return False
        for x, y in zip(a.types, b.types):
            if not _compatible(x, y):
                return False
        return True
    return False


# --- hashing ------------------------------------------------------------------------

def _key_hash(k):
    """The hash of a key (never -1). Compiled: an implementation per key type (below)."""
    if isinstance(k, (bool, int)):
        h = int(k)
    elif isinstance(k, float):
        if k > -_TWO_62 and k < _TWO_62 and k == int(k):
            h = int(k)
        else:
            h = hash(k)
    elif isinstance(k, str):
        h = _str_hash(k)
    else:
        h = hash(k)
    if h == -1:
        h = -2
    return h


def _str_hash(s):
    """(plain Python) the runtime's string hash (crates/runtime/src/strings.rs,
    `ferrojit_rt_str_hash`), so that plain and compiled tables agree."""
    m64 = 2**64 - 1
    data = s.encode("utf-8")
    h = 0x243F6A8885A308D3 ^ len(data)
    for at in range(0, len(data), 8):
        w = int.from_bytes(data[at:at + 8].ljust(8, b"\0"), "little")
        h = ((h ^ w) * 0x9E3779B97F4A7C15) & m64
        h = ((h << 29) | (h >> 35)) & m64
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & m64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & m64
    h ^= h >> 33
    return h - 2**64 if h >= 2**63 else h


@overload(_key_hash)
def _key_hash_typing(k):
    if _intlike(k):
        def hash_int(k):
            h = int(k)
            if h == -1:
                return -2
            return h
        return hash_int
    if _floatlike(k):
        def hash_float(k):
            x = float(k)
            if x > -_TWO_62 and x < _TWO_62:
                i = int(x)
                if float(i) == x:
                    if i == -1:
                        return -2
                    return i
            h = hash(x)
            if h == -1:
                return -2
            return h
        return hash_float

    if isinstance(k, types.UnicodeType):
        # The runtime's hash of the UTF-8 bytes (StrOp::Hash; not CPython's salted hash,
        # which would call Python: it only has to agree between strings).
        def hash_str(k):
            h = k._ferrojit_hash()
            if h == -1:
                return -2
            return h
        return hash_str

    # complex numbers, tuples: the builtin hash (CPython's)
    def hash_other(k):
        h = hash(k)
        if h == -1:
            return -2
        return h
    return hash_other


# --- the table ----------------------------------------------------------------------

def _table_size(n):
    # the slots for n live entries: a power of two >= 8, at least 3 per entry
    size = 8
    while size < 3 * n:
        size *= 2
    return size


def _new_table(table, size):
    # table, in place, as `size` empty slots (table[0], the count, left for the caller)
    while len(table) > size + 1:
        table.pop()
    for i in range(len(table)):
        table[i] = -1
    while len(table) < size + 1:
        table.append(-1)


def _free_slot(table, h):
    # the first empty slot of h's probe sequence (a table without dummies)
    mask = len(table) - 2
    i = h & mask
    perturb = h
    while table[i + 1] != -1:
        perturb = (perturb >> 5) & _LOW59
        i = (i * 5 + perturb + 1) & mask
    return i


def _slot_of(table, h, ix):
    # the slot that holds entry ix (of hash h)
    mask = len(table) - 2
    i = h & mask
    perturb = h
    while table[i + 1] != ix:
        perturb = (perturb >> 5) & _LOW59
        i = (i * 5 + perturb + 1) & mask
    return i


# The hot helpers take the lists they use, not the dict, and the others read `d[i]`
# where they use it: compiled code counts references to each list a function binds.

def _find(keys, hashes, table, k, h):
    """The index of the live entry of key k (of the keys' type, hash h), or -1 (the dict
    is indexed)."""
    mask = len(table) - 2
    i = h & mask
    perturb = h
    n = 0
    while True:
        ix = table[i + 1]
        if ix == -1:
            return -1
        if ix >= 0:
            if hashes[ix] == h:
                if keys[ix] == k:
                    return ix
        perturb = (perturb >> 5) & _LOW59
        i = (i * 5 + perturb + 1) & mask
        n += 1
        if n > mask + 16:
            return -1  # every slot seen (perturb is 0 after 13 steps, then i*5+1 visits all)


def _probe(keys, hashes, table, k, h):
    """For an insertion: (index of k's entry or -1, slot for a new entry (the first dummy
    or empty slot of the sequence), whether the table should be rebuilt first)."""
    mask = len(table) - 2
    i = h & mask
    perturb = h
    free = -1
    dummies = 0
    n = 0
    while True:
        ix = table[i + 1]
        if ix == -1:
            if free < 0:
                free = i
            return -1, free, dummies >= 8
        if ix >= 0:
            if hashes[ix] == h:
                if keys[ix] == k:
                    return ix, i, False
        else:
            dummies += 1
            if free < 0:
                free = i
        perturb = (perturb >> 5) & _LOW59
        i = (i * 5 + perturb + 1) & mask
        n += 1
        if n > mask + 16:
            return -1, free, True  # no empty slot (there is a dummy: live < slots)


def _reset(d):
    # no entries: the empty, not indexed dict
    d[1].clear()
    d[2].clear()
    d[3].clear()
    d[4].clear()


def _rebuild(d):
    """Compact the entries (drop the deleted ones) and rebuild the table for them."""
    keys = d[1]
    vals = d[2]
    hashes = d[3]
    table = d[4]
    n = len(keys)
    w = 0
    for i in range(n):
        h = hashes[i]
        if h != -1:
            if w != i:
                keys[w] = keys[i]
                vals[w] = vals[i]
                hashes[w] = h
            w += 1
    while len(keys) > w:
        keys.pop()
        vals.pop()
        hashes.pop()
    _new_table(table, _table_size(w))
    for i in range(w):
        table[_free_slot(table, hashes[i]) + 1] = i
    table[0] = w


def _index(d):
    """Index a dict that is not indexed yet: hash its keys, build the table; a later
    duplicate key gives its value to the first entry and is dropped."""
    keys = d[1]
    vals = d[2]
    hashes = d[3]
    table = d[4]
    n = len(keys)
    hashes.clear()
    _new_table(table, _table_size(n))
    table[0] = 0
    w = 0
    for i in range(n):
        k = keys[i]
        h = _key_hash(k)
        j = _find(keys, hashes, table, k, h)
        if j >= 0:
            vals[j] = vals[i]
        else:
            if w != i:
                keys[w] = k
                vals[w] = vals[i]
            hashes.append(h)
            table[_free_slot(table, h) + 1] = w
            w += 1
    while len(keys) > w:
        keys.pop()
        vals.pop()
    table[0] = w


def _ensure(d):
    # (in the hot paths, this test is written out: the call is only made to index)
    if len(d[4]) == 0:
        _index(d)


def _lookup(d, k, h):
    # the index of the live entry of key k (of the keys' type, hash h), or -1 (a set's:
    # the slot, set_table.py)
    if d[0] == _SET_MARKER:
        return _set_lookup(d, k)  # (a set's hash: CPython's, for its order)
    if len(d[4]) == 0:
        _index(d)
    return _find(d[1], d[3], d[4], k, h)


def _append(d, k, v, h, slot, crowded):
    """Add the new entry (k, v) of hash h at the slot `_probe` found."""
    n = len(d[1])
    if crowded or 3 * (n + 1) >= 2 * (len(d[4]) - 1):
        _rebuild(d)
        n = len(d[1])
        slot = _free_slot(d[4], h)
    d[1].append(k)
    d[2].append(v)
    d[3].append(h)
    d[4][slot + 1] = n
    d[4][0] += 1


def _set_h(d, k, v, h):
    # d[k] = v, k of the keys' type and hash h
    if len(d[4]) == 0:
        _index(d)
    ix, slot, crowded = _probe(d[1], d[3], d[4], k, h)
    if ix >= 0:
        d[2][ix] = v
        return
    _append(d, k, v, h, slot, crowded)


def _set(d, k, v):
    _set_h(d, k, v, _key_hash(k))


def _remove(d, ix):
    # delete the live entry ix
    d[4][_slot_of(d[4], d[3][ix], ix) + 1] = -2
    d[3][ix] = -1
    d[4][0] -= 1
    if d[4][0] == 0:
        _reset(d)


# --- keys of another type -----------------------------------------------------------

def _py_key_kind(keys):
    # (plain Python) the kind of the keys: a sample key's type
    if len(keys) > 0:
        k = keys[0]
        for kind in (bool, int, float, complex, str, tuple):
            if isinstance(k, kind):
                return kind
        return None
    t = getattr(keys, "_item_type", None)
    if t is None:
        return None
    return {"bool": bool, "int": int, "float": float, "complex": complex, "str": str,
            "tuple": tuple}.get(t.kind)


def _py_convert(keys, k):
    # (plain Python) (True, k as a key of the keys' type) when lossless, else (False, k)
    kind = _py_key_kind(keys)
    if kind is None:
        return True, k
    if kind in (bool, int, float, complex):
        if not isinstance(k, (bool, int, float, complex)):
            return False, k
        if kind is complex:
            c = complex(k)
            return c == k, c
        x = k
        if isinstance(x, complex):
            if x.imag != 0:
                return False, k
            x = x.real
        if kind is float:
            f = float(x)
            return f == x, f
        if isinstance(x, float):
            if not (x == x and -_TWO_63 <= x < _TWO_63 and x == int(x)):
                return False, k
            x = int(x)
        if kind is bool:
            return x == 0 or x == 1, x == 1
        return True, int(x)
    if kind is str:
        return isinstance(k, str), k
    if kind is tuple:
        if not isinstance(k, tuple):
            return False, k
        return len(keys) == 0 or len(k) == len(keys[0]), k
    return True, k


def _find_key(d, k):
    """The index of the live entry of key k (of any type), or -1. Compiled: an
    implementation per pair of types (below)."""
    if isinstance(k, list):
        raise TypeError("unhashable type: 'list'")
    ok, kk = _py_convert(d[1], k)
    if not ok:
        return -1
    return _lookup(d, kk, _key_hash(kk))


def _find_integral(d, x):
    # the key of an int dict equal to the float x
    if x >= -_TWO_63 and x < _TWO_63:
        i = int(x)
        if float(i) == x:
            return _lookup(d, i, _key_hash(i))
    return -1


def _find_as_float(d, k):
    # the key of a float dict equal to the int k
    x = float(k)
    if x < _TWO_63 and int(x) == k:
        return _lookup(d, x, _key_hash(x))
    return -1


@overload(_find_key)
def _find_key_typing(d, k):
    if not _is_table(d):
        return None
    kind = _unhashable(k)
    if kind is not None:
        message = f"unhashable type: '{kind}'"

        def find_unhashable(d, k):
            if len(d) >= 0:  # always: the `return` types the call
                raise TypeError(message)
            return -1
        return find_unhashable

    def find_none(d, k):
        return -1

    if _empty_dict(d):
        return find_none
    K = d.types[1].dtype

    def find_same(d, k):
        if d[0] == _SET_MARKER:
            return _set_lookup(d, k)
        if len(d[4]) == 0:
            _index(d)
        return _find(d[1], d[3], d[4], k, _key_hash(k))

    if _intlike(K):
        if _intlike(k):
            return find_same  # (hashed and compared as int64)
        if _floatlike(k):
            def find_float_in_ints(d, k):
                return _find_integral(d, float(k))
            return find_float_in_ints
        if _complexlike(k):
            def find_complex_in_ints(d, k):
                if k.imag != 0.0:
                    return -1
                return _find_integral(d, float(k.real))
            return find_complex_in_ints
        return find_none
    if _floatlike(K):
        if _floatlike(k):
            return find_same  # (hashed and compared as float64)
        if _intlike(k):
            return _find_as_float
        if _complexlike(k):
            def find_complex_in_floats(d, k):
                if k.imag != 0.0:
                    return -1
                x = float(k.real)
                return _lookup(d, x, _key_hash(x))
            return find_complex_in_floats
        return find_none
    if _complexlike(K):
        if _complexlike(k):
            return find_same
        if _floatlike(k):
            def find_float_in_complex(d, k):
                c = complex(float(k))
                return _lookup(d, c, _key_hash(c))
            return find_float_in_complex
        if _intlike(k):
            def find_int_in_complex(d, k):
                x = float(k)
                if x < _TWO_63 and int(x) == k:
                    c = complex(x)
                    return _lookup(d, c, _key_hash(c))
                return -1
            return find_int_in_complex
        return find_none
    if _compatible(K, k):
        return find_same
    return find_none


def _store_key(keys, k):
    """k as an item of the list `keys` (a dict's keys), converted when that is lossless,
    else a TypeError. Compiled: an implementation per pair of types (below)."""
    ok, kk = _py_convert(keys, k)
    if not ok:
        raise TypeError(f"a dict of these keys cannot hold the key {k!r}")
    return kk


@overload(_store_key)
def _store_key_typing(keys, k):
    if not isinstance(keys, types.List):
        return None
    kind = _unhashable(k)
    if kind is not None:
        message = f"unhashable type: '{kind}'"

        def store_unhashable(keys, k):
            if len(keys) >= 0:
                raise TypeError(message)
            return k
        return store_unhashable

    def store_same(keys, k):
        return k

    if _unknown(keys):
        return store_same
    K = keys.dtype
    if K == k:
        return store_same
    message = f"a dict of {K.name} keys cannot hold the key "
    if isinstance(K, types.Boolean):
        if _numeric(k):
            def store_in_bools(keys, k):
                if k == 1:
                    return True
                if k == 0:
                    return False
                raise TypeError(f"{message}{k!r}")
            return store_in_bools
        return None
    if _intlike(K):
        if _intlike(k):
            def store_int(keys, k):
                return int(k)
            return store_int
        if _floatlike(k) or _complexlike(k):
            complex_key = _complexlike(k)

            def store_in_ints(keys, k):
                x = 0.0
                if complex_key:
                    if k.imag != 0.0:
                        raise TypeError(f"{message}{k!r}")
                    x = float(k.real)
                else:
                    x = float(k)
                if x >= -_TWO_63 and x < _TWO_63:
                    i = int(x)
                    if float(i) == x:
                        return i
                raise TypeError(f"{message}{k!r}")
            return store_in_ints
        return None
    if _floatlike(K):
        if _floatlike(k):
            def store_float(keys, k):
                return float(k)
            return store_float
        if _intlike(k):
            def store_int_in_floats(keys, k):
                x = float(k)
                if x < _TWO_63 and int(x) == k:
                    return x
                raise TypeError(f"{message}{k!r}")  # (it would be another key)
            return store_int_in_floats
        if _complexlike(k):
            def store_complex_in_floats(keys, k):
                if k.imag != 0.0:
                    raise TypeError(f"{message}{k!r}")
                return float(k.real)
            return store_complex_in_floats
        return None
    if _complexlike(K):
        if _numeric(k):
            def store_complex(keys, k):
                return complex(k)
            return store_complex
        return None
    if _compatible(K, k):
        return store_same
    return None


# --- operations (plain helpers: compiled when the implementations call them) --------

def _getitem(d, k):
    ix = _find_key(d, k)
    if ix < 0:
        raise KeyError(f"\x00repr:{k!r}")
    return d[2][ix]


def _setitem(d, k, v):
    kk = _store_key(d[1], k)
    h = _key_hash(kk)
    if len(d[4]) == 0:
        _index(d)
    ix, slot, crowded = _probe(d[1], d[3], d[4], kk, h)
    if ix >= 0:
        d[2][ix] = v
        return
    _append(d, kk, v, h, slot, crowded)


def _delitem(d, k):
    ix = _find_key(d, k)
    if ix < 0:
        raise KeyError(f"\x00repr:{k!r}")
    _remove(d, ix)


def _contains(d, k):
    return _find_key(d, k) >= 0


def _len(d):
    if len(d[4]) == 0 and len(d[1]) <= 1:
        return len(d[1])  # (no duplicates to find: not indexed for this)
    _ensure(d)
    return d[4][0]


def _get(d, k, default=None):
    ix = _find_key(d, k)
    if ix < 0:
        return default
    return d[2][ix]


def _setdefault(d, k, default=None):
    kk = _store_key(d[1], k)
    if len(d[4]) == 0:
        _index(d)
    h = _key_hash(kk)
    ix, slot, crowded = _probe(d[1], d[3], d[4], kk, h)
    if ix >= 0:
        return d[2][ix]
    _append(d, kk, default, h, slot, crowded)
    return default


def _pop(d, k):
    ix = _find_key(d, k)
    if ix < 0:
        raise KeyError(f"\x00repr:{k!r}")
    v = d[2][ix]
    _remove(d, ix)
    return v


def _pop_default(d, k, default):
    ix = _find_key(d, k)
    if ix < 0:
        return default
    v = d[2][ix]
    _remove(d, ix)
    return v


def _popitem(d):
    _ensure(d)
    keys = d[1]
    vals = d[2]
    hashes = d[3]
    table = d[4]
    if table[0] == 0:
        raise KeyError("popitem(): dictionary is empty")
    # the deleted entries at the end go first (their slots stay dummies)
    while hashes[len(hashes) - 1] == -1:
        keys.pop()
        vals.pop()
        hashes.pop()
    i = len(keys) - 1
    table[_slot_of(table, hashes[i], i) + 1] = -2
    hashes.pop()
    k = keys.pop()
    v = vals.pop()
    table[0] -= 1
    if table[0] == 0:
        _reset(d)
    return k, v


def _clear(d):
    _reset(d)


def _sizes(d):
    # (entries, live and deleted; slots, 0 when not indexed): for tests
    n = len(d[4])
    return len(d[1]), n - 1 if n > 0 else 0


def _new_like(l):
    # An empty list whose items have l's type: the append never runs, but it types r.
    r = []
    if len(l) < 0:
        r.append(l[0])
    return r


def _copy(d):
    keys = d[1]
    vals = d[2]
    hashes = d[3]
    table = d[4]
    nk = _new_like(keys)
    nv = _new_like(vals)
    nh = _new_like(hashes)
    nt = _new_like(table)
    n = len(keys)
    if len(table) == 0 or table[0] == n:
        # not indexed, or no deleted entries: the same lists
        for i in range(n):
            nk.append(keys[i])
            nv.append(vals[i])
        for i in range(len(hashes)):
            nh.append(hashes[i])
        for i in range(len(table)):
            nt.append(table[i])
    else:
        for i in range(n):
            h = hashes[i]
            if h != -1:
                nk.append(keys[i])
                nv.append(vals[i])
                nh.append(h)
        w = len(nk)
        _new_table(nt, _table_size(w))
        for i in range(w):
            nt[_free_slot(nt, nh[i]) + 1] = i
        nt[0] = w
    return (d[0], nk, nv, nh, nt)  # (the marker: a dict's or a set's)


def _update(d, other):
    _ensure(other)
    ok = other[1]
    ov = other[2]
    oh = other[3]
    for i in range(len(ok)):
        if oh[i] != -1:
            _set(d, _store_key(d[1], ok[i]), ov[i])


def _update_same(d, other):
    # keys of the same type: the hashes are reused
    _ensure(other)
    ok = other[1]
    ov = other[2]
    oh = other[3]
    for i in range(len(ok)):
        h = oh[i]
        if h != -1:
            _set_h(d, ok[i], ov[i], h)


def _keys(d):
    _ensure(d)
    keys = d[1]
    hashes = d[3]
    r = _new_like(keys)
    n = len(keys)
    if d[4][0] == n:
        for i in range(n):
            r.append(keys[i])
    else:
        for i in range(n):
            if hashes[i] != -1:
                r.append(keys[i])
    return r


def _values(d):
    _ensure(d)
    vals = d[2]
    hashes = d[3]
    r = _new_like(vals)
    n = len(vals)
    if d[4][0] == n:
        for i in range(n):
            r.append(vals[i])
    else:
        for i in range(n):
            if hashes[i] != -1:
                r.append(vals[i])
    return r


def _items(d):
    _ensure(d)
    keys = d[1]
    vals = d[2]
    hashes = d[3]
    r = []
    for i in range(len(keys)):
        if hashes[i] != -1:
            r.append((keys[i], vals[i]))
    return r


def _eq(d, e):
    _ensure(d)
    _ensure(e)
    if d[4][0] != e[4][0]:
        return False
    keys = d[1]
    vals = d[2]
    hashes = d[3]
    ev = e[2]
    for i in range(len(keys)):
        if hashes[i] != -1:
            j = _find_key(e, keys[i])
            if j < 0:
                return False
            if not (vals[i] == ev[j]):
                return False
    return True


def _eq_same(d, e):
    # keys of the same type: the hashes are reused
    _ensure(d)
    _ensure(e)
    if d[4][0] != e[4][0]:
        return False
    keys = d[1]
    vals = d[2]
    hashes = d[3]
    ev = e[2]
    for i in range(len(keys)):
        h = hashes[i]
        if h != -1:
            j = _lookup(e, keys[i], h)
            if j < 0:
                return False
            if not (vals[i] == ev[j]):
                return False
    return True


def _untyped_store(name):
    # A store into a dict whose items have no type yet (`{}`): the compiler types such a
    # dict by its later stores before it calls the library; here, the store would widen
    # the lists in this call only and leave the caller's dict typed empty.
    raise TypeError(f"dict.{name}: the dict's keys and values have no type here (an empty "
                    "`{}` that nothing typed): it cannot take an entry")


# --- the registered functions -------------------------------------------------------

@library("builtins.dict.__getitem__")
def _dict_getitem(d, k):
    # (the helpers are the implementations: one call less, each call counts references)
    if not _is_dict(d):
        return None
    if _empty_dict(d):
        def getitem_empty(d, k):
            ix = _find_key(d, k)  # (raises TypeError for an unhashable key)
            if ix < 0:
                raise KeyError(f"\x00repr:{k!r}")
            return None
        return getitem_empty
    return _getitem


@library("builtins.dict.__setitem__")
def _dict_setitem(d, k, v):
    if not _is_dict(d):
        return None
    if _empty_dict(d):
        _untyped_store("__setitem__")
    return _setitem


@library("builtins.dict.__delitem__")
def _dict_delitem(d, k):
    if not _is_dict(d):
        return None
    if _empty_dict(d):
        def delitem_empty(d, k):
            if _find_key(d, k) < 0:
                raise KeyError(f"\x00repr:{k!r}")
        return delitem_empty
    return _delitem


@library("builtins.dict.__contains__")
def _dict_contains(d, k):
    if not _is_dict(d):
        return None
    return _contains


@library("builtins.dict.__len__")
def _dict_len(d):
    if not _is_dict(d):
        return None
    if _empty_dict(d):
        def len_empty(d):
            return len(d[1])
        return len_empty
    return _len


@library("builtins.dict.get")
def _dict_get(d, k, default=None):
    if not _is_dict(d):
        return None
    if _empty_dict(d):
        def get_empty(d, k, default=None):
            _find_key(d, k)  # (raises TypeError for an unhashable key)
            return default
        return get_empty
    return _get


@library("builtins.dict.setdefault")
def _dict_setdefault(d, k, default=None):
    if not _is_dict(d):
        return None
    if _empty_dict(d):
        _untyped_store("setdefault")
    return _setdefault


@library("builtins.dict.pop")
def _dict_pop(d, k, default=_MISSING):
    if not _is_dict(d):
        return None
    if default is _MISSING:
        if _empty_dict(d):
            def pop_empty(d, k):
                if _find_key(d, k) < 0:
                    raise KeyError(f"\x00repr:{k!r}")
                return None
            return pop_empty
        return _pop
    if _empty_dict(d):
        def pop_default_empty(d, k, default):
            _find_key(d, k)
            return default
        return pop_default_empty
    return _pop_default


@library("builtins.dict.popitem")
def _dict_popitem(d):
    if not _is_dict(d):
        return None
    if _empty_dict(d):
        def popitem_empty(d):
            if len(d[1]) >= 0:  # always: the `return` types the call
                raise KeyError("popitem(): dictionary is empty")
            return None
        return popitem_empty
    return _popitem


@library("builtins.dict.clear")
def _dict_clear(d):
    if not _is_dict(d):
        return None
    return _reset


@library("builtins.dict.copy")
def _dict_copy(d):
    if not _is_dict(d):
        return None
    if _unknown(d.types[3]) or _unknown(d.types[4]):
        def copy_untyped(d):
            return ("\x00dict", [], [], [], [])
        return copy_untyped
    if _empty_dict(d):
        def copy_empty(d):
            return ("\x00dict", [], [], _new_like(d[3]), _new_like(d[4]))
        return copy_empty
    return _copy


@library("builtins.dict.update")
def _dict_update(d, other):
    if not (_is_dict(d) and _is_dict(other)):
        return None
    if _empty_dict(other):
        def update_nothing(d, other):
            pass
        return update_nothing
    if _empty_dict(d):
        _untyped_store("update")
    if d.types[1].dtype == other.types[1].dtype:
        return _update_same
    return _update


def _view(name, helper):
    @library("builtins.dict." + name)
    def typing(d):
        if not _is_dict(d):
            return None
        if _empty_dict(d):
            def view_empty(d):
                return []
            return view_empty
        return helper
    return typing


_dict_keys = _view("keys", _keys)
_dict_values = _view("values", _values)
_dict_items = _view("items", _items)


def _eq_typing(d, e, negate):
    if not (_is_dict(d) and _is_dict(e)):
        return None
    if _empty_dict(d) or _empty_dict(e):
        empty_d = _empty_dict(d)
        empty_e = _empty_dict(e)

        def eq_empty(d, e):
            n = 0
            if not empty_d:
                n += _len(d)
            if not empty_e:
                n += _len(e)
            return (n == 0) != negate
        return eq_empty
    if d.types[1].dtype == e.types[1].dtype:
        if not negate:
            return _eq_same

        def ne_same(d, e):
            return not _eq_same(d, e)
        return ne_same
    if not negate:
        return _eq

    def ne_(d, e):
        return not _eq(d, e)
    return ne_


@library("builtins.dict.__eq__")
def _dict_eq(d, e):
    return _eq_typing(d, e, False)


@library("builtins.dict.__ne__")
def _dict_ne(d, e):
    return _eq_typing(d, e, True)


from .set_table import _lookup as _set_lookup  # noqa: E402  (it imports _key_hash from here)
