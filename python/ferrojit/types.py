"""Type objects with Numba's names, for signatures: ``float64(int64, int64)``."""

from ._native import CPointer, Signature, Type

boolean = bool_ = b1 = Type("bool")
int8 = i1 = byte = Type("int8")
int16 = i2 = Type("int16")
int32 = i4 = intc = Type("int32")
int64 = i8 = intp = int_ = Type("int64")
uint8 = u1 = uchar = Type("uint8")
uint16 = u2 = Type("uint16")
uint32 = u4 = uintc = Type("uint32")
uint64 = u8 = uintp = Type("uint64")
float32 = f4 = single = Type("float32")
float64 = f8 = double = Type("float64")
complex64 = c8 = csingle = Type("complex64")
complex128 = c16 = cdouble = Type("complex128")
void = none = Type("none")
voidptr = Type("voidptr")



class _KindMeta(type):
    """``isinstance(t, types.Array)`` for ``ferrojit.types`` objects, as in Numba's
    type classes (for ``@overload`` functions that choose an implementation)."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, Type) and obj.kind in cls._kinds


class Array(metaclass=_KindMeta):
    _kinds = ("array",)


class Integer(metaclass=_KindMeta):
    _kinds = ("int",)


class Float(metaclass=_KindMeta):
    _kinds = ("float",)


class Boolean(metaclass=_KindMeta):
    _kinds = ("bool",)


class Complex(metaclass=_KindMeta):
    _kinds = ("complex",)


class Number(metaclass=_KindMeta):
    _kinds = ("int", "float", "complex")


class BaseTuple(metaclass=_KindMeta):
    _kinds = ("tuple",)


class NoneType(metaclass=_KindMeta):
    _kinds = ("none",)


class List(metaclass=_KindMeta):
    _kinds = ("list",)


class UnicodeType(metaclass=_KindMeta):
    _kinds = ("str",)


class _LiteralMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Type) and obj.literal_value is not None


class Literal(metaclass=_LiteralMeta):
    """``isinstance(t, types.Literal)``: a value known when compiling (a string literal or
    ``str`` argument: ``t.literal_value``), as Numba's ``types.Literal``."""


StringLiteral = Literal

#: Numba's name for the type of `str` values (in signatures and `typed` containers)
unicode_type = Type("str")


UniTuple = Tuple = BaseTuple

__all__ = [
    "Type", "Signature", "boolean", "bool_", "b1", "int8", "i1", "byte", "int16", "i2",
    "int32", "i4", "intc", "int64", "i8", "intp", "int_", "uint8", "u1", "uchar", "uint16",
    "u2", "uint32", "u4", "uintc", "uint64", "u8", "uintp", "float32", "f4", "single",
    "float64", "f8", "double", "complex64", "c8", "csingle", "complex128", "c16", "cdouble", "void", "none", "voidptr", "CPointer",
    "Array", "Integer", "Float", "Complex", "Boolean", "Number", "BaseTuple", "Tuple", "UniTuple", "NoneType", "List", "UnicodeType",
    "Literal", "StringLiteral", "unicode_type",
]
