"""``ferrojit.experimental``: Numba's ``numba.experimental`` spellings.

``jitclass`` is not compiled yet: a class decorated with it stays a plain Python class (its
methods run in the interpreter), with a :class:`ferrojit.errors.PerformanceWarning` saying
so, so that a Numba program using jitclasses from Python runs unchanged, only slower. A
compiled function that creates or uses its instances is a compile error naming the class
(docs/supported.md, "Not yet").
"""

import warnings

from .errors import PerformanceWarning

__all__ = ["jitclass"]


class _ClassType:
    """``Cls.class_type`` (``Cls.class_type.instance_type`` in specs, as Numba's)."""

    def __init__(self, cls):
        self.class_ = cls
        self.instance_type = self

    def __repr__(self):
        return f"jitclass.{self.class_.__name__}"


def jitclass(cls_or_spec=None, spec=None):
    """``@jitclass``, ``@jitclass(spec)``, ``jitclass(cls, spec)``: the class, unchanged
    but for ``class_type``, run by the interpreter (see the module's documentation)."""

    def wrap(cls):
        warnings.warn(
            f"jitclass `{cls.__name__}`: ferrojit does not compile classes yet; it runs as a plain "
            "Python class (its methods are interpreted, and compiled functions cannot create or use "
            "its instances)",
            PerformanceWarning,
            stacklevel=3,
        )
        cls.class_type = _ClassType(cls)
        cls._ferrojit_jitclass = True
        return cls

    if isinstance(cls_or_spec, type):
        return wrap(cls_or_spec)
    return wrap


class _Deferred:
    """``numba.deferred_type()``: a type named before it is defined (a jitclass's own
    type in its spec)."""

    def __init__(self):
        self.type = None

    def define(self, t):
        self.type = t

    def __repr__(self):
        return f"deferred_type({self.type!r})"


def deferred_type():
    return _Deferred()


class _Optional:
    """``numba.optional(t)`` in a jitclass spec (specs are not compiled yet: see
    :func:`jitclass`)."""

    def __init__(self, t):
        self.type = t

    def __repr__(self):
        return f"optional({self.type!r})"


def optional(t):
    return _Optional(t)
