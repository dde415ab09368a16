"""The hash table of compiled sets, written in Python: CPython 3.11's ``Objects/setobject.c``
step for step (its probe sequence with 9 linear probes, its resize rule and sizes, its
``pop`` finger, and the orders in which its operations walk and fill tables), so that a
set's iteration order, ``print`` and ``pop`` are CPython's, and a lookup reads one slot
after another rather than an index then an entry.

A set of items K is the tuple ``("\\x00set", keys, vals, hashes, meta)`` (the shape of a
dict, see dicts.py, so that the boundary, ``print`` and reference counting treat both
alike). Two states:

- *not indexed* (``meta`` empty): ``keys`` holds the items in order, maybe repeated,
  ``vals`` as many True, ``hashes`` empty: a set passed in from Python (its items in
  Python's iteration order), or built from a list by ``_of``. The first operation that
  needs the table adds the items in order, as CPython's ``set(list)`` does.
- *indexed*: ``keys``, ``vals`` and ``hashes`` are the table's slots (a power of two, at
  least 8), ``meta`` is ``[used, fill, finger]``. A slot is empty (hash -1, val False),
  a dummy left by a deletion (hash -1, val True) or live (its hash, never -1; val True).
  The key of an empty slot is a filler (some item of the set), never read.

Readers of the representation outside the library (the boundary, ``print``) take the
keys whose hash is not -1, all of them when ``hashes`` is empty: the live items in table
order. Hashes are CPython's ``hash`` (``_hash``): dicts.py's ``_key_hash`` for numbers and
tuples; for strings the runtime's siphash13 with the interpreter's key
(ferrojit/_hashing.py), where dicts take a faster hash of their own.
"""

from .. import _hashing, types
from ..extending import overload

_LINEAR_PROBES = 9
_MINSIZE = 8
_LOW59 = 0x07FFFFFFFFFFFFFF  # (perturb >> 5) & _LOW59: a logical shift of an int64


def _clone(l):
    # a new list of l's items
    r = _new_like(l)
    for x in l:
        r.append(x)
    return r


def _empty_slots(s, size, filler):
    """Make s's keys, vals and hashes `size` empty slots, in place (other names for the
    set share its lists)."""
    keys = s[1]
    vals = s[2]
    hashes = s[3]
    keys.clear()
    vals.clear()
    hashes.clear()
    for _ in range(size):
        keys.append(filler)
        vals.append(False)
        hashes.append(-1)


def _start(s, filler):
    # an empty table of the smallest size (used, fill and finger 0)
    _empty_slots(s, _MINSIZE, filler)
    meta = s[4]
    meta.clear()
    meta.append(0)
    meta.append(0)
    meta.append(0)


def _insert_clean(keys, vals, hashes, mask, k, h):
    # set_insert_clean: k into a table without dummies that does not hold it
    i = h & mask
    perturb = h
    while True:
        if hashes[i] == -1:
            break
        found = False
        if i + _LINEAR_PROBES <= mask:
            for j in range(i + 1, i + _LINEAR_PROBES + 1):
                if hashes[j] == -1:
                    i = j
                    found = True
                    break
        if found:
            break
        perturb = (perturb >> 5) & _LOW59
        i = (i * 5 + 1 + perturb) & mask
    keys[i] = k
    vals[i] = True
    hashes[i] = h


def _resize(s, minused):
    # set_table_resize: the live entries, in slot order, into a table > minused
    size = _MINSIZE
    while size <= minused:
        size *= 2
    old_keys = _clone(s[1])
    old_hashes = _clone(s[3])
    _empty_slots(s, size, old_keys[0])
    meta = s[4]
    meta[1] = meta[0]  # (the dummies are gone)
    keys = s[1]
    vals = s[2]
    hashes = s[3]
    for i in range(len(old_hashes)):
        h = old_hashes[i]
        if h != -1:
            _insert_clean(keys, vals, hashes, size - 1, old_keys[i], h)


def _add(s, k, h):
    """set_add_entry: k (of the items' type, hash h) into the indexed set s."""
    _add_in(s, s[1], s[2], s[3], s[4], k, h)


def _add_in(s, keys, vals, hashes, meta, k, h):
    # (the lists passed, not bound to names here: compiled code counts no references)
    mask = len(hashes) - 1
    clean = meta[0] == meta[1]  # (no dummies: a slot of hash -1 is empty)
    i = h & mask
    perturb = h
    free = -1
    while True:
        probes = _LINEAR_PROBES if i + _LINEAR_PROBES <= mask else 0
        j = i
        while True:
            eh = hashes[j]
            if eh == h:
                if _is_key(keys, j, k, h):
                    return
            elif eh == -1:
                if clean or not vals[j]:
                    # an empty slot: k is not there
                    if free >= 0:
                        keys[free] = k
                        hashes[free] = h
                        meta[0] += 1
                        return
                    keys[j] = k
                    vals[j] = True
                    hashes[j] = h
                    meta[0] += 1
                    meta[1] += 1
                    if meta[1] * 5 >= mask * 3:
                        used = meta[0]
                        _resize(s, used * 2 if used > 50000 else used * 4)
                    return
                if free < 0:
                    free = j  # the first dummy
            if probes == 0:
                break
            probes -= 1
            j += 1
        perturb = (perturb >> 5) & _LOW59
        i = (i * 5 + 1 + perturb) & mask


def _is_key(keys, j, k, h):
    """Whether slot j, whose hash is k's (h), holds k. Compiled: for ints the hash is the
    value itself (but -1 and -2 both hash to -2), so the key is read only then."""
    return keys[j] == k


@overload(_is_key)
def _is_key_typing(keys, j, k, h):
    if isinstance(k, types.Integer) and k.signed and (k.bitwidth or 64) == 64 and keys.dtype == k:
        def int_key(keys, j, k, h):
            return h != -2 or keys[j] == k
        return int_key

    def other_key(keys, j, k, h):
        return keys[j] == k
    return other_key


def _find(keys, vals, hashes, clean, k, h):
    """set_lookkey: the slot of k (hash h) in an indexed table, or -1 (`clean`: the
    table has no dummies, so a slot of hash -1 is empty without reading its val)."""
    mask = len(hashes) - 1
    i = h & mask
    perturb = h
    while True:
        probes = _LINEAR_PROBES if i + _LINEAR_PROBES <= mask else 0
        j = i
        while True:
            eh = hashes[j]
            if eh == h:
                if _is_key(keys, j, k, h):
                    return j
            elif eh == -1:
                if clean or not vals[j]:
                    return -1
            if probes == 0:
                break
            probes -= 1
            j += 1
        perturb = (perturb >> 5) & _LOW59
        i = (i * 5 + 1 + perturb) & mask


# --- the set as a whole (the hashes are dicts.py's; dicts.py imports this file last) ---

def _hash(k):
    """CPython's hash of an item (never -1). Compiled: an implementation per type."""
    return hash(k) if isinstance(k, str) else _key_hash(k)


@overload(_hash)
def _hash_typing(k):
    if isinstance(k, types.UnicodeType) and _hashing.ENABLED:
        def hash_str(k):
            return k._ferrojit_pyhash()
        return hash_str

    def hash_other(k):
        return _key_hash(k)
    return hash_other


def _index(s):
    """Index a set that is not indexed yet and has items: a table, the items added in
    order (a repeated one once), as CPython's ``set(list)``."""
    items = _clone(s[1])
    _start(s, items[0])
    for k in items:
        _add(s, k, _hash(k))


def _ready(s):
    # whether s is indexed, indexing it if it has items (an empty set stays as it is)
    if len(s[4]) != 0:
        return True
    if len(s[1]) == 0:
        return False
    _index(s)
    return True


def _lookup(s, k):
    # the slot of k (of the items' type), or -1 (dicts.py's lookups of sets)
    if not _ready(s):
        return -1
    return _find(s[1], s[2], s[3], s[4][0] == s[4][1], k, _hash(k))


def _add_h(s, k, h):
    # s.add(k), k of the items' type with hash h
    if not _ready(s):
        _start(s, k)
    _add(s, k, h)


def _len(s):
    if len(s[4]) == 0 and len(s[1]) <= 1:
        return len(s[1])  # (nothing repeated: not indexed for this)
    _ready(s)
    return s[4][0]


def _keys(s):
    """The items in table order (a new list): what iteration, ``list`` and ``sorted``
    walk."""
    if not _ready(s):
        return _clone(s[1])
    keys = s[1]
    hashes = s[3]
    r = _new_like(keys)
    for i in range(len(hashes)):
        if hashes[i] != -1:
            r.append(keys[i])
    return r


def _pop(s):
    # set.pop: the first live slot from the finger on, CPython's order
    if not _ready(s) or s[4][0] == 0:
        raise KeyError("pop from an empty set")
    keys = s[1]
    hashes = s[3]
    meta = s[4]
    mask = len(hashes) - 1
    i = meta[2] & mask
    while hashes[i] == -1:
        i += 1
        if i > mask:
            i = 0
    k = keys[i]
    hashes[i] = -1
    meta[0] -= 1
    meta[2] = i + 1
    return k


def _clear(s):
    # set.clear: an empty table of the smallest size (CPython keeps the finger)
    if len(s[4]) == 0:
        s[1].clear()
        s[2].clear()
        return
    finger = s[4][2]
    _start(s, s[1][0])
    s[4][2] = finger


def _same(a, b):
    # whether a and b are one set (their lists are shared): a change to one shows in b
    meta = a[4]
    n = len(b[4])
    meta.append(0)
    same = len(b[4]) != n
    meta.pop()
    return same


def _merge(s, o):
    """set_merge: the items of the set o into s (converted to s's items' type, which
    keeps their hashes): one resize first, then o's table copied as it is when s is
    empty and alike, else its entries in slot order."""
    if not _ready(o) or o[4][0] == 0 or _same(s, o):
        return
    ok = o[1]
    ov = o[2]
    oh = o[3]
    if not _ready(s):
        _start(s, _store_key(s[1], ok[0]))
    meta = s[4]
    used = o[4][0]
    if (meta[1] + used) * 5 >= (len(s[3]) - 1) * 3:
        _resize(s, (meta[0] + used) * 2)
    keys = s[1]
    vals = s[2]
    hashes = s[3]
    mask = len(hashes) - 1
    if meta[1] == 0 and mask == len(oh) - 1 and o[4][1] == used:
        for i in range(mask + 1):
            keys[i] = _store_key(keys, ok[i])
            vals[i] = ov[i]
            hashes[i] = oh[i]
        meta[0] = used
        meta[1] = used
        return
    if meta[1] == 0:
        for i in range(len(oh)):
            if oh[i] != -1:
                _insert_clean(keys, vals, hashes, mask, _store_key(keys, ok[i]), oh[i])
        meta[0] = used
        meta[1] = used
        return
    for i in range(len(oh)):
        if oh[i] != -1:
            _add(s, _store_key(keys, ok[i]), oh[i])


def _copy(s):
    # a new set of s's items (CPython: an empty set, then set_merge)
    c = ("\x00set", _new_like(s[1]), _new_like(s[2]), _new_like(s[3]), _new_like(s[4]))
    _merge(c, s)
    return c


def _take(s, t):
    # set_swap_bodies for `s &= t`: s becomes the new set t (its table as it is)
    if not _ready(t):
        _clear(s)
        return
    keys = s[1]
    vals = s[2]
    hashes = s[3]
    meta = s[4]
    keys.clear()
    vals.clear()
    hashes.clear()
    meta.clear()
    for x in t[1]:
        keys.append(x)
    for x in t[2]:
        vals.append(x)
    for x in t[3]:
        hashes.append(x)
    for x in t[4]:
        meta.append(x)


def _shrink(s):
    # after removals (difference_update): more than a quarter dummies are resized away
    meta = s[4]
    if meta[1] - meta[0] <= (len(s[3]) - 1) // 4:
        return
    used = meta[0]
    _resize(s, used * 2 if used > 50000 else used * 4)


from .dicts import _key_hash, _new_like, _store_key  # noqa: E402  (dicts.py imports this file last)
