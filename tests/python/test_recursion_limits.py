"""Deep recursion in compiled code raises RecursionError instead of crashing, on the main
thread and on threads with small stacks; a function compiled with ``jit(f)`` whose body
calls ``f`` by its plain name recurses natively."""

import threading

import pytest

import ferrojit


@ferrojit.njit
def runaway(n):
    if n == 0:
        return 0
    return runaway(n + 1) + 1


def fib_plain(n):
    if n < 2:
        return n
    return fib_plain(n - 1) + fib_plain(n - 2)


def test_runaway_recursion_raises_recursion_error():
    with pytest.raises(RecursionError):
        runaway(1)
    # The dispatcher still works afterwards.
    assert runaway(0) == 0


@pytest.mark.parametrize("stack_size", [0, 256 * 1024, 1024 * 1024])
def test_runaway_recursion_in_threads(stack_size):
    errors = []

    def worker():
        try:
            runaway(1)
        except RecursionError as e:
            errors.append(e)

    old = threading.stack_size(stack_size)
    try:
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    finally:
        threading.stack_size(old)
    assert len(errors) == 1


def test_jit_of_plain_recursive_function_recurses_natively():
    fibj = ferrojit.jit(fib_plain)
    assert fibj(20) == fib_plain(20) == 6765
    assert "call" in fibj.inspect_typed_ir()[(ferrojit.types.int64,)]


def test_inspect_types_prints_the_typed_ir(capsys):
    f = ferrojit.njit(fib_plain)
    f(10)
    f.inspect_types()
    out = capsys.readouterr().out
    assert "fib_plain (int64)" in out
    assert "n: int64" in out
    import io
    buf = io.StringIO()
    f.inspect_types(file=buf)
    assert buf.getvalue() == out
