"""Dask with jitted functions (issue 18): a `dask.array.map_blocks` and `dask.delayed`
tasks run by the local distributed scheduler's worker processes, which receive the
functions through cloudpickle (by reference for a module's function, by source for a
nested one), and a `cache=True` kernel that the workers load from the on-disk cache
instead of compiling it. Results compared with NumPy and plain Python."""

import math
import os
import sys
import textwrap

import numpy as np
import pytest

import dask
import dask.array as da
import distributed  # noqa: F401  (pinned in requirements-dev.txt: never skipped)

import ferrojit

KERNEL = '''
import math
import numpy as np
import ferrojit

@ferrojit.njit(cache=True)
def smooth(block):
    out = np.empty_like(block)
    for i in range(block.shape[0]):
        for j in range(block.shape[1]):
            out[i, j] = math.tanh(block[i, j]) * 0.5 + block[i, j] * block[i, j]
    return out

def report(block):
    r = smooth(block)
    return r, len(smooth.stats.cache_hits), len(smooth.stats.cache_misses)
'''


def make_nested(k):
    @ferrojit.njit
    def poly(x):
        s = 0.0
        for i in range(k):
            s += x ** i
        return s
    return poly


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    d = tmp_path_factory.mktemp("dask")
    (d / "dask_kernels.py").write_text(textwrap.dedent(KERNEL))
    cache = d / "cache"
    old = {k: os.environ.get(k) for k in ("PYTHONPATH", "FERROJIT_CACHE_DIR")}
    # (the workers are new processes: they find the module and the cache by these)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(d), *sys.path])
    os.environ["FERROJIT_CACHE_DIR"] = str(cache)
    sys.path.insert(0, str(d))
    from distributed import Client, LocalCluster
    lc = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(lc)
    try:
        yield client, d
    finally:
        client.close()
        lc.close()
        sys.path.remove(str(d))
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_map_blocks_with_a_jitted_kernel_on_worker_processes(cluster):
    client, _ = cluster
    import dask_kernels
    x = np.random.default_rng(0).standard_normal((400, 300))
    dask_kernels.smooth(x[:2, :2])  # compiled here first: the cache is filled
    arr = da.from_array(x, chunks=(100, 150))
    got = arr.map_blocks(dask_kernels.smooth, dtype=float).compute(scheduler=client)
    # (the plain function is the oracle: math.tanh is the same libm function)
    np.testing.assert_array_equal(got, dask_kernels.smooth.py_func(x))
    # every worker loaded the kernel from the cache instead of compiling it
    futures = [client.submit(dask_kernels.report, x[:100, :150], pure=False, workers=[w])
               for w in client.scheduler_info()["workers"]]
    for r, hits, misses in client.gather(futures):
        np.testing.assert_array_equal(r, dask_kernels.smooth(x[:100, :150]))
        assert (hits, misses) == (1, 0)


def test_delayed_tasks_with_a_nested_jitted_function(cluster):
    client, _ = cluster
    poly = make_nested(5)
    tasks = [dask.delayed(poly)(float(v)) for v in np.linspace(-2, 2, 9)]
    got = dask.compute(*tasks, scheduler=client)
    expected = [sum(v ** i for i in range(5)) for v in np.linspace(-2, 2, 9)]
    assert [math.isclose(g, e, rel_tol=1e-15) for g, e in zip(got, expected)] == [True] * 9
