"""What compiled code's ``print`` builds for values Python has no object for.

A compiled set is shown with its items in its own table's order (CPython's order: the
table follows setobject.c, python/ferrojit/_lib/set_table.py): a new Python set of the
same items could order them otherwise, so ``print`` gets this text, whose ``repr`` is the
text itself (a set inside a tuple or a list prints as CPython prints it)."""


class SetText(str):
    """The text of a set, ``{1, 2}`` or ``set()``, shown as it is by ``str`` and ``repr``."""

    __slots__ = ()

    def __repr__(self):
        return str.__str__(self)

    @staticmethod
    def of(items):
        if not items:
            return SetText("set()")
        return SetText("{" + ", ".join(repr(x) for x in items) + "}")
