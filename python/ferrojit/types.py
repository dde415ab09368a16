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
void = none = Type("none")
voidptr = Type("voidptr")

__all__ = [
    "Type", "Signature", "boolean", "bool_", "b1", "int8", "i1", "byte", "int16", "i2",
    "int32", "i4", "intc", "int64", "i8", "intp", "int_", "uint8", "u1", "uchar", "uint16",
    "u2", "uint32", "u4", "uintc", "uint64", "u8", "uintp", "float32", "f4", "single",
    "float64", "f8", "double", "void", "none", "voidptr", "CPointer",
]
