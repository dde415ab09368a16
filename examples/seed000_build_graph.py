"""Seed 000, "Numba in the real world" (Part 2): skan's build_graph on a tiny skeleton.

The seed builds the pixel graph of a 5x7 skeleton image (padded to 7x9): every nonzero
pixel is a node, numbered 1, 2, ... in C order, and neighbouring pixels (diagonals
included) are joined by an edge, stored from both ends in two int32 arrays `row` and
`col`. `build_graph` walks the raveled image and fills them; the seed times it in plain
Python and with `numba.jit(build_graph)` (first call, then later calls).

This script runs the seed's code as written with ferrojit and checks the edges against
plain Python. It keeps one quirk of the seed: the inner loop reads the *global* `steps`,
not the argument `steps_to_neighbours`. Compiled code freezes a global array when the
function compiles (a read-only constant), as Numba does, so this works, but only for
images of this width; skan itself reads the argument.

The seed computes the degrees with `scipy.ndimage.convolve`; SciPy is optional here
(the same sum of the eight shifted images in NumPy is used when it is missing), and
with SciPy the script also builds the seed's sparse adjacency matrix.

    python examples/seed000_build_graph.py
"""

import sys
import time

import numpy as np

from ferrojit import jit

skeleton = np.array([[0, 1, 0, 0, 0, 1, 1],
                     [0, 0, 1, 1, 1, 0, 0],
                     [0, 1, 0, 0, 0, 1, 0],
                     [0, 0, 1, 0, 1, 0, 0],
                     [1, 1, 0, 1, 0, 0, 0]], dtype=bool)
skeleton = np.pad(skeleton, pad_width=1, mode='constant')

neighbors = np.array([[1, 1, 1],
                      [1, 0, 1],
                      [1, 1, 1]])


def degrees_of(skeleton):
    try:
        from scipy import ndimage as ndi
    except ImportError:
        s = skeleton.astype(int)
        p = np.pad(s, 1)
        h, w = s.shape
        conv = sum(p[1 + dr:1 + dr + h, 1 + dc:1 + dc + w] * neighbors[1 + dr, 1 + dc]
                   for dr in (-1, 0, 1) for dc in (-1, 0, 1))
        return conv * skeleton, "NumPy"
    return ndi.convolve(skeleton.astype(int), neighbors) * skeleton, "scipy.ndimage"


def neighbour_steps(shape):
    step_sizes = np.cumprod((1,) + shape[-1:0:-1])
    axis_steps = np.array([[-1, -1],
                           [-1,  1],
                           [ 1, -1],
                           [ 1,  1]])
    diag = axis_steps @ step_sizes
    steps = np.concatenate((step_sizes, -step_sizes, diag))
    return steps


degrees, degrees_by = degrees_of(skeleton)
nnz = len(np.flatnonzero(degrees))
n_edges = np.sum(degrees)
steps = neighbour_steps(degrees.shape)


def build_graph(labeled_pixels, steps_to_neighbours, row, col):
    start = np.max(steps_to_neighbours)
    end = len(labeled_pixels) - start
    elem = 0  # row/col index
    for k in range(start, end):
        i = labeled_pixels[k]
        if i != 0:
            for s in steps:
                neighbour = k + s
                j = labeled_pixels[neighbour]
                if j != 0:
                    row[elem] = i
                    col[elem] = j
                    elem += 1


def fresh_row_col():
    return (np.zeros(n_edges, dtype=np.int32),  # type expected by scipy.sparse
            np.zeros(n_edges, dtype=np.int32))


def once_us(f, *args):
    t0 = time.perf_counter_ns()
    f(*args)
    return (time.perf_counter_ns() - t0) / 1e3


def best_us(f, *args, repeat=200):
    return min(once_us(f, *args) for _ in range(repeat))


def main():
    ok = True
    skeleton_int = np.ravel(skeleton.astype(np.int32))
    skeleton_int[np.nonzero(skeleton_int)] = 1 + np.arange(nnz)
    print(f"  skeleton {skeleton.shape[0]}x{skeleton.shape[1]} (padded), {nnz} pixels, "
          f"degrees by {degrees_by}: sum {n_edges} = length of row and col; steps {steps}")

    row_py, col_py = fresh_row_col()
    t_py = best_us(build_graph, skeleton_int, steps, row_py, col_py, repeat=20)

    build_graph_j = jit(build_graph)
    compiled = hasattr(build_graph_j, "py_func")
    row, col = fresh_row_col()
    t_first = once_us(build_graph_j, skeleton_int, steps, row, col)
    t_jit = best_us(build_graph_j, skeleton_int, steps, row, col)
    print(f"  build_graph: plain Python {t_py:.0f} us; ferrojit first call "
          f"{t_first / 1000:.1f} ms (compile included), then {t_jit:.2f} us = "
          f"{t_py / t_jit:.0f}x plain Python")

    edges = list(zip(row.tolist(), col.tolist()))
    print(f"  {len(edges)} (row, col) entries, each edge from both ends:")
    for start in range(0, len(edges), 9):
        print("    " + " ".join(f"({i:2d},{j:2d})" for i, j in edges[start:start + 9]))
    same = np.array_equal(row, row_py) and np.array_equal(col, col_py)
    ok &= same
    # The seed's worked example: pixel 2, at (1, 6), has neighbours 3 and 6. (It goes on
    # to give pixel 6's edges as (6, 5), (6, 3), (6, 8); the 3 is a slip for 2, since
    # pixel 2 is next to pixel 6 and edges are symmetric.)
    nbrs = {i: sorted(j for a, j in edges if a == i) for i in (2, 6)}
    seed_example = nbrs == {2: [3, 6], 6: [2, 5, 8]}
    ok &= seed_example
    symmetric = sorted(edges) == sorted((j, i) for i, j in edges)
    ok &= symmetric
    print(f"  same row/col as plain Python: {'OK' if same else 'MISMATCH'}; every edge "
          f"stored both ways: {'OK' if symmetric else 'MISMATCH'}; pixel 2's neighbours "
          f"{nbrs[2]} (as in the seed), pixel 6's {nbrs[6]}: "
          f"{'OK' if seed_example else 'MISMATCH'}")

    try:
        from scipy import sparse
    except ImportError:
        print("  (SciPy not installed: skipping the sparse adjacency matrix)")
    else:
        G = sparse.coo_matrix((np.ones_like(row), (row, col))).tocsr()
        print(f"  sparse.coo_matrix((ones, (row, col))).tocsr(): {G.shape[0]}x{G.shape[1]}, "
              f"{G.nnz} entries")
    if compiled:
        print(f"  build_graph_j.signatures = {build_graph_j.signatures}")
    return ok


if __name__ == "__main__":
    ok = main()
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
