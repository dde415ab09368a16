"""Python's list methods and operators, and the builtins that make lists, written in
Python on top of the compiler's primitive list operations (``len(l)``, ``l[i]``,
``l[i] = v``, ``append``, ``pop``, ``insert``: crates/frontend/src/lists.rs) and compiled
like user code. Results, orders and error messages follow CPython 3.11
(``Objects/listobject.c``): ``sort`` is stable (a merge sort, reversed runs handled as
CPython does: reverse, sort, reverse back), ``index``/``count``/``remove``/``in`` compare
with ``==``, slices follow ``PySlice_AdjustIndices``, ``extend`` of the list itself uses
its length before the call."""

from .. import types
from ..extending import library


def _is_list(t):
    return isinstance(t, types.List)


def _is_int(t):
    return isinstance(t, (types.Integer, types.Boolean))


def _unknown_items(t):
    # `[]` whose item type nothing decided: it is empty
    return _is_list(t) and t.dtype.kind == "unknown"


def _is_none(t):
    return t is None or isinstance(t, types.NoneType)


# --- slices -------------------------------------------------------------------------

def _adjust(n, start, stop, step):
    # CPython's PySlice_AdjustIndices (start and stop already defaulted by the sign of step)
    if step > 0:
        lo, hi = 0, n
    else:
        lo, hi = -1, n - 1
    if start < 0:
        start += n
        if start < lo:
            start = lo
    elif start > hi:
        start = hi
    if stop < 0:
        stop += n
        if stop < lo:
            stop = lo
    elif stop > hi:
        stop = hi
    return start, stop


@library("builtins.list._slice")
def _slice(l, start, stop, step):
    if not _is_list(l):
        return None

    def slice_(l, start, stop, step):
        st, lo, hi = _bounds(len(l), start, stop, step)
        r = _new_like(l)
        for i in range(lo, hi, st):
            r.append(l[i])
        return r

    return slice_


def _bounds(n, start, stop, step):
    # the step (1 when None) and the adjusted start and stop of l[start:stop:step]
    st = 1
    if step is not None:
        st = step
    if st == 0:
        raise ValueError("slice step cannot be zero")
    a = n - 1 if st < 0 else 0
    if start is not None:
        a = start
    b = -n - 1 if st < 0 else n
    if stop is not None:
        b = stop
    lo, hi = _adjust(n, a, b, st)
    return st, lo, hi


def _slice_length(lo, hi, st):
    # len(range(lo, hi, st)), as PySlice_AdjustIndices returns it
    if st > 0:
        return (hi - lo + st - 1) // st if hi > lo else 0
    return (lo - hi - st - 1) // (-st) if lo > hi else 0


@library("builtins.list._setslice")
def _setslice(l, start, stop, step, value):
    if not _is_list(l):
        return None

    def setslice_(l, start, stop, step, value):
        # CPython's list_ass_slice / list_ass_subscript: the new items are taken first
        # (so `l[:] = l` and `l[1:] = reversed-views` of l itself see the old items).
        items = _new_like(l)
        for x in value:
            items.append(x)
        n = len(l)
        st, lo, hi = _bounds(n, start, stop, step)
        if st == 1:
            if hi < lo:
                hi = lo
            tail = _new_like(l)
            for i in range(hi, n):
                tail.append(l[i])
            while len(l) > lo:
                l.pop()
            for x in items:
                l.append(x)
            for x in tail:
                l.append(x)
            return
        count = _slice_length(lo, hi, st)
        if len(items) != count:
            raise ValueError(f"attempt to assign sequence of size {len(items)} to extended slice of size {count}")
        j = 0
        for i in range(lo, hi, st):
            l[i] = items[j]
            j += 1
    return setslice_


@library("builtins.list._delslice")
def _delslice(l, start, stop, step):
    if not _is_list(l):
        return None

    def delslice_(l, start, stop, step):
        n = len(l)
        st, lo, hi = _bounds(n, start, stop, step)
        count = _slice_length(lo, hi, st)
        if count == 0:
            return
        if st < 0:
            # the same items, walked upwards
            lo, hi, st = lo + (count - 1) * st, lo + 1, -st
        keep = _new_like(l)
        k = 0
        for i in range(n):
            if i >= lo and i < hi and (i - lo) % st == 0:
                continue
            keep.append(l[i])
        while len(l) > 0:
            l.pop()
        for x in keep:
            l.append(x)
    return delslice_


def _new_like(l):
    # An empty list whose items have l's type: the append never runs, but it types r.
    r = []
    if len(l) < 0:
        r.append(l[0])
    return r


# --- methods ------------------------------------------------------------------------

@library("builtins.list.extend")
def _extend(l, other):
    if not _is_list(l):
        return None
    if _is_list(other):
        def extend_list(l, other):
            n = len(other)  # (l.extend(l) appends l's items once)
            for i in range(n):
                l.append(other[i])
        return extend_list

    def extend_(l, other):
        for x in other:
            l.append(x)
    return extend_


@library("builtins.list.index")
def _index(l, x, start=None, stop=None):
    if not _is_list(l):
        return None

    def index_(l, x, start=0, stop=None):
        n = len(l)
        a = start
        if a < 0:
            a += n
            if a < 0:
                a = 0
        b = n
        if stop is not None:
            b = stop
            if b < 0:
                b += n
                if b < 0:
                    b = 0
        i = a
        while i < b and i < len(l):
            if l[i] == x:
                return i
            i += 1
        raise ValueError(f"{x!r} is not in list")

    return index_


@library("builtins.list.count")
def _count(l, x):
    if not _is_list(l):
        return None

    def count_(l, x):
        c = 0
        for i in range(len(l)):
            if l[i] == x:
                c += 1
        return c

    return count_


@library("builtins.list.__contains__")
def _contains(l, x):
    if not _is_list(l):
        return None

    def contains_(l, x):
        for i in range(len(l)):
            if l[i] == x:
                return True
        return False

    return contains_


@library("builtins.list.remove")
def _remove(l, x):
    if not _is_list(l):
        return None

    def remove_(l, x):
        for i in range(len(l)):
            if l[i] == x:
                l.pop(i)
                return
        raise ValueError("list.remove(x): x not in list")

    return remove_


@library("builtins.list.reverse")
def _reverse(l):
    if not _is_list(l):
        return None

    def reverse_(l):
        i = 0
        j = len(l) - 1
        while i < j:
            t = l[i]
            l[i] = l[j]
            l[j] = t
            i += 1
            j -= 1

    return reverse_


@library("builtins.list.clear")
def _clear(l):
    if not _is_list(l):
        return None

    def clear_(l):
        while len(l) > 0:
            l.pop()

    return clear_


@library("builtins.list.copy")
def _copy(l):
    if not _is_list(l):
        return None

    def copy_(l):
        r = _new_like(l)
        for i in range(len(l)):
            r.append(l[i])
        return r

    return copy_


def _stable_order(keys):
    # The permutation that sorts `keys` stably, comparing with `<` only, as CPython's sort
    # does: order[k] is the index of the k-th smallest key. Below 64 items, CPython's own
    # steps (listsort: count_run, then binarysort), so that keys that do not order (NaN)
    # end where CPython leaves them; above, a bottom-up merge sort (the same order for
    # keys that do).
    n = len(keys)
    order = [i for i in range(n)]
    if n < 64:
        if n < 2:
            return order
        # count_run: the run at the start, strictly descending (then reversed) or not
        run = 2
        if keys[1] < keys[0]:
            while run < n and keys[run] < keys[run - 1]:
                run += 1
            i = 0
            j = run - 1
            while i < j:
                order[i], order[j] = order[j], order[i]
                i += 1
                j -= 1
        else:
            while run < n and not (keys[run] < keys[run - 1]):
                run += 1
        # binarysort: each next item inserted after the equal ones
        for start in range(run, n):
            pivot = order[start]
            lo = 0
            hi = start
            while lo < hi:
                mid = lo + ((hi - lo) >> 1)
                if keys[pivot] < keys[order[mid]]:
                    hi = mid
                else:
                    lo = mid + 1
            k = start
            while k > lo:
                order[k] = order[k - 1]
                k -= 1
            order[lo] = pivot
        return order
    tmp = [i for i in range(n)]
    width = 1
    while width < n:
        lo = 0
        while lo < n:
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            a = lo
            b = mid
            k = lo
            while a < mid and b < hi:
                if keys[order[b]] < keys[order[a]]:
                    tmp[k] = order[b]
                    b += 1
                else:
                    tmp[k] = order[a]
                    a += 1
                k += 1
            while a < mid:
                tmp[k] = order[a]
                a += 1
                k += 1
            while b < hi:
                tmp[k] = order[b]
                b += 1
                k += 1
            lo += 2 * width
        order, tmp = tmp, order
        width *= 2
    return order


def _apply_order(l, order):
    vals = _new_like(l)
    for i in range(len(l)):
        vals.append(l[i])
    for i in range(len(order)):
        l[i] = vals[order[i]]


@library("builtins.list.sort")
def _sort(l, key=None, reverse=False):
    if not _is_list(l):
        return None
    if _unknown_items(l):
        def sort_empty(l, key=None, reverse=False):
            pass
        return sort_empty
    if _is_none(key) and isinstance(l.dtype, (types.Integer, types.Float, types.Boolean)):
        def sort_numbers(l, key=None, reverse=False):
            # a stable sort of the items in the runtime; with a NaN, by comparisons
            if not l._sort_numbers(reverse):
                if reverse:
                    l.reverse()
                _apply_order(l, _stable_order(l))
                if reverse:
                    l.reverse()
        return sort_numbers
    if _is_none(key):
        def sort_(l, key=None, reverse=False):
            if reverse:
                l.reverse()
            _apply_order(l, _stable_order(l))
            if reverse:
                l.reverse()
        return sort_

    def sort_key(l, key=None, reverse=False):
        if reverse:
            l.reverse()
        keys = [key(l[i]) for i in range(len(l))]
        _apply_order(l, _stable_order(keys))
        if reverse:
            l.reverse()
    return sort_key


# --- operators ----------------------------------------------------------------------

@library("builtins.list.__add__")
def _add(a, b):
    if not (_is_list(a) and _is_list(b)):
        return None

    def add_(a, b):
        r = _new_like(a)
        for i in range(len(a)):
            r.append(a[i])
        for i in range(len(b)):
            r.append(b[i])
        return r

    return add_


@library("builtins.list.__mul__")
def _mul(l, n):
    if not (_is_list(l) and _is_int(n)):
        return None

    def mul_(l, n):
        r = _new_like(l)
        m = len(l)
        for _ in range(n):
            for i in range(m):
                r.append(l[i])
        return r

    return mul_


@library("builtins.list.__imul__")
def _imul(l, n):
    if not (_is_list(l) and _is_int(n)):
        return None

    def imul_(l, n):
        m = len(l)
        if n <= 0:
            while len(l) > 0:
                l.pop()
            return
        for _ in range(n - 1):
            for i in range(m):
                l.append(l[i])

    return imul_


@library("builtins.list.__eq__")
def _eq(a, b):
    if not (_is_list(a) and _is_list(b)):
        return None

    def eq_(a, b):
        if len(a) != len(b):
            return False
        for i in range(len(a)):
            if not (a[i] == b[i]):
                return False
        return True

    return eq_


def _first_difference(a, b):
    # the first index where the items differ (by ==), or -1
    n = min(len(a), len(b))
    for i in range(n):
        if not (a[i] == b[i]):
            return i
    return -1


@library("builtins.list.__lt__")
def _lt(a, b):
    if not (_is_list(a) and _is_list(b)):
        return None

    def lt_(a, b):
        i = _first_difference(a, b)
        if i < 0:
            return len(a) < len(b)
        return a[i] < b[i]
    return lt_


@library("builtins.list.__le__")
def _le(a, b):
    if not (_is_list(a) and _is_list(b)):
        return None

    def le_(a, b):
        i = _first_difference(a, b)
        if i < 0:
            return len(a) <= len(b)
        return a[i] <= b[i]
    return le_


@library("builtins.list.__gt__")
def _gt(a, b):
    if not (_is_list(a) and _is_list(b)):
        return None

    def gt_(a, b):
        i = _first_difference(a, b)
        if i < 0:
            return len(a) > len(b)
        return a[i] > b[i]
    return gt_


@library("builtins.list.__ge__")
def _ge(a, b):
    if not (_is_list(a) and _is_list(b)):
        return None

    def ge_(a, b):
        i = _first_difference(a, b)
        if i < 0:
            return len(a) >= len(b)
        return a[i] >= b[i]
    return ge_


@library("builtins.list._delitem")
def _delitem(l, i):
    if not _is_list(l):
        return None

    def delitem_(l, i):
        n = len(l)
        j = i + n if i < 0 else i
        if j < 0 or j >= n:
            raise IndexError("list assignment index out of range")
        l.pop(j)
    return delitem_


# --- builtins that make lists -------------------------------------------------------

@library("builtins.list")
def _list(iterable=None):
    if _is_none(iterable):
        def empty():
            return []
        return empty
    if _unknown_items(iterable):
        def copy_empty(iterable):
            return []
        return copy_empty
    if _is_list(iterable):
        def copy_list(iterable):
            r = _new_like(iterable)
            for i in range(len(iterable)):
                r.append(iterable[i])
            return r
        return copy_list

    def list_(iterable):
        r = []
        for x in iterable:
            r.append(x)
        return r
    return list_


@library("builtins.sorted")
def _sorted(iterable, key=None, reverse=False):
    if _unknown_items(iterable):
        def sorted_empty(iterable, key=None, reverse=False):
            return []
        return sorted_empty

    def sorted_(iterable, key=None, reverse=False):
        r = list(iterable)
        r.sort(key=key, reverse=reverse)
        return r
    return sorted_
