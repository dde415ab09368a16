"""ferrojit's differential random-program fuzzer (issue 12); see docs/fuzzing.md.

gen.py generates programs from a table of rules, oracle.py turns a program into the
CPython oracle, harness.py runs and compares one program, worker.py runs programs in a
subprocess, driver.py runs N of them, shrink.py shrinks a mismatch to a reproducer that
driver.py writes under regressions/ as a pytest test.
"""
