"""``np.random.Generator`` arguments in compiled code (the dispatcher calls
:func:`as_native` for each): the generator as the tuple ``("numpy.random.Generator",
next_double, next_uint64, next_uint32, state)`` of its bit generator's C functions
(``bit_generator.ctypes``) and the address of its state, so compiled code draws from the
caller's generator itself, advancing its state exactly as NumPy's own methods do (the
methods are ``ferrojit/_lib/random_generator.py``).

The C functions are the same for every bit generator of a kind (PCG64, MT19937...), so one
ctypes object per kind stands for them: a compiled specialisation serves every generator
of that kind. The bit generator's lock is not taken (as in Numba): a generator shared by
threads running compiled code at once needs the caller's own lock.
"""

import ctypes

MARK = "numpy.random.Generator"

_FUNCTIONS = {}


def _address(f):
    return ctypes.cast(f, ctypes.c_void_p).value


def as_native(gen):
    c = gen.bit_generator.ctypes
    key = (type(gen.bit_generator), _address(c.next_double), _address(c.next_uint64), _address(c.next_uint32))
    fns = _FUNCTIONS.get(key)
    if fns is None:
        vp = ctypes.c_void_p
        fns = (ctypes.CFUNCTYPE(ctypes.c_double, vp)(key[1]),
               ctypes.CFUNCTYPE(ctypes.c_uint64, vp)(key[2]),
               ctypes.CFUNCTYPE(ctypes.c_uint32, vp)(key[3]))
        _FUNCTIONS[key] = fns
    return (MARK,) + fns + (c.state_address,)
