/* Seed 001's pdist_python in C: the reference for the `pdist` benchmark row.
 *
 * run.py compiles this file at bench time into a temporary directory:
 *
 *     gcc -O3 -march=native -ffp-contract=off -shared -fPIC -o pdist.so pdist.c -lm
 *
 * and loads it with ctypes. -ffp-contract=off keeps gcc from fusing `s += tmp * tmp`
 * into one fused multiply-add (which it does by default with -march=native on a CPU
 * with FMA): Python, Numba and ferrojit round the product and the sum separately, and
 * so, with this flag, does the C code; all of them then give bit-identical distances.
 * No -ffast-math, no -fno-math-errno. run.py also builds the file without the flag
 * and reports that variant's time (inside C) as a note.
 *
 * The loop nest is the seed's, unchanged: for every pair (i, j), the square root of the
 * sum over k of (xs[i,k] - xs[j,k])**2, stored in D[i, j]. xs is n x p and D is n x n,
 * both C-contiguous float64.
 */

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* The kernel. noinline so the benchmark loop below cannot see through it and drop
 * stores to a buffer it frees right after. */
__attribute__((noinline)) void pdist(const double *xs, int64_t n, int64_t p, double *D)
{
    for (int64_t i = 0; i < n; i++) {
        for (int64_t j = 0; j < n; j++) {
            double s = 0.0;
            for (int64_t k = 0; k < p; k++) {
                double tmp = xs[i * p + k] - xs[j * p + k];
                s += tmp * tmp;
            }
            D[i * n + j] = sqrt(s);
        }
    }
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The kernel alone, timed inside C: run pdist() `reps` times into one buffer allocated
 * (and touched) beforehand, and store each repetition's ns in out_ns[rep]. No
 * allocation and no page faults are timed: this is the loops' own speed. Returns
 * D[n-1, 0] (so the result is used), or -1 if the buffer cannot be had. run.py reports
 * it as a note next to the row, whose C column calls pdist() through ctypes, with a
 * fresh result array per call, like the JITs are called. */
double pdist_timed(const double *xs, int64_t n, int64_t p, int64_t reps, int64_t *out_ns)
{
    double *D = malloc((size_t)(n * n) * sizeof(double));
    if (D == NULL)
        return -1.0;
    pdist(xs, n, p, D); /* touch every page once */
    for (int64_t r = 0; r < reps; r++) {
        int64_t t0 = now_ns();
        pdist(xs, n, p, D);
        out_ns[r] = now_ns() - t0;
    }
    double last = D[(n - 1) * n];
    free(D);
    return last;
}
