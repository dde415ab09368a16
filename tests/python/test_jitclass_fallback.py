"""`ferrojit.experimental.jitclass`: not compiled yet. A decorated class stays a plain
Python class (a PerformanceWarning says so), so Numba programs that use jitclasses from
Python run unchanged; compiled code that creates or uses one is a compile error naming
the class and the line."""

import numpy as np
import pytest

import ferrojit
from ferrojit import float32, int32
from ferrojit.experimental import jitclass


def make_bag():
    with pytest.warns(ferrojit.errors.PerformanceWarning, match="jitclass `Bag`: ferrojit does not compile classes yet"):
        @jitclass([("value", int32), ("array", float32[:])])
        class Bag:
            def __init__(self, value):
                self.value = value
                self.array = np.zeros(value, dtype=np.float32)

            @property
            def size(self):
                return self.array.size

            def increment(self, val):
                for i in range(self.size):
                    self.array[i] += val
                return self.array

            @staticmethod
            def add(x, y):
                return x + y
    return Bag


def test_a_jitclass_runs_as_a_python_class():
    Bag = make_bag()
    b = Bag(5)
    assert isinstance(b, Bag) and b.value == 5 and b.size == 5
    assert b.increment(3).tolist() == [3.0] * 5
    assert b.increment(6).tolist() == [9.0] * 5
    assert Bag.add(1, 2) == 3 and b.add(1, 1) == 2
    assert Bag.class_type.instance_type is Bag.class_type


def test_annotated_form_and_spec_helpers():
    node_type = ferrojit.deferred_type()
    with pytest.warns(ferrojit.errors.PerformanceWarning):
        @jitclass([("data", int32), ("next", ferrojit.optional(node_type))])
        class Node:
            def __init__(self, data, next):
                self.data = data
                self.next = next
    node_type.define(Node.class_type.instance_type)
    with pytest.warns(ferrojit.errors.PerformanceWarning):
        @jitclass
        class Counter:
            value: int

            def __init__(self):
                self.value = 0
    assert Node(1, Node(2, None)).next.data == 2 and Counter().value == 0


def test_compiled_code_using_a_jitclass_says_so():
    Bag = make_bag()

    def make(n):
        return Bag(n)

    with pytest.raises(ferrojit.errors.TypingError, match=r"the jitclass `Bag` \(ferrojit does not compile classes yet") as e:
        ferrojit.njit(make)(3)
    assert "return Bag(n)" in str(e.value)
    with pytest.raises(ferrojit.errors.TypingError, match="argument `b` is a `Bag` object"):
        ferrojit.njit(lambda b: b.value)(Bag(2))
