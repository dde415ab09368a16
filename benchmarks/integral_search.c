/* Seed 002's integral-image search in C: the reference for the `integral search`
 * benchmark row.
 *
 * run.py compiles this file at bench time into a temporary directory:
 *
 *     gcc -O3 -march=native -ffp-contract=off -shared -fPIC -o integral_search.so integral_search.c -lm
 *
 * and loads it with ctypes (the same flags as pdist.c: see there). -ffp-contract=off
 * keeps gcc from fusing `x * x` and the following add into a fused multiply-add, which
 * NumPy does not do either. No -ffast-math, no -fno-math-errno. run.py also builds the
 * file with `-O3 -march=native -ffast-math` and reports that variant's time (inside C)
 * as a note: what relaxing float semantics would buy.
 *
 * The loop nest is the seed's (search_one_integral_image calling
 * get_feature_from_integral_image, benchmarks/kernels.py), unchanged in semantics:
 *   - windows in the seed's order: y2, x2, y1 < y2, x1 < x2;
 *   - the ratio test `0.8 < (y2 - y1) / (x2 - x1) / query_ratio < 1.2`, true division in
 *     double, left to right;
 *   - the feature r[c] = ((ii[c,y2,x2] + ii[c,y1,x1]) - ii[c,y1,x2]) - ii[c,y2,x1];
 *   - `r /= sqrt(sum(r * r))`: a true division of every element by the norm (not a
 *     multiplication by its reciprocal);
 *   - score = sqrt(sum((r - q) * (r - q)));
 *   - the best score is replaced only on a strict `<`, so on a tie the first window
 *     found is kept; best starts at +inf (the seed's np.inf).
 * Both sums add in NumPy's order: np.sum on a contiguous float64 array is NumPy's
 * pairwise summation (pairwise_sum below, the algorithm of NumPy's
 * loops_utils.h.src: blocks of at most 128 with 8 partial sums; the sum starts at 0.0),
 * so the C scores are bit-identical to plain Python's with NumPy 2.x. (A plain
 * `s += x * x` loop would add in another order, and as one serial dependency chain.)
 *
 * Differences from the seed, all in C's favour: r is one buffer malloc'd once per call
 * of integral_search() and reused for every window, where the seed allocates r (and
 * temporaries: r * r, r - q, ...) per window; r - q and the squares are not stored,
 * they are computed inside the sums.
 *
 * ii is the integral image, C x Y x X, C-contiguous float64 (Y and X include the
 * leading row/column of zeros); q has C elements.
 */

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define PW_BLOCKSIZE 128

/* NumPy's pairwise summation of TERM(i), i in [0, n) (n >= 0). */
#define PAIRWISE_SUM(NAME, TERM)                                                     \
    static double NAME(const double *a, const double *b, int64_t n)                  \
    {                                                                                \
        (void)b;                                                                     \
        if (n < 8) {                                                                 \
            double res = 0.0;                                                        \
            for (int64_t i = 0; i < n; i++)                                          \
                res += TERM(i);                                                      \
            return res;                                                              \
        } else if (n <= PW_BLOCKSIZE) {                                              \
            double r[8];                                                             \
            for (int k = 0; k < 8; k++)                                              \
                r[k] = TERM(k);                                                      \
            int64_t i;                                                               \
            for (i = 8; i < n - (n % 8); i += 8)                                     \
                for (int k = 0; k < 8; k++)                                          \
                    r[k] += TERM(i + k);                                             \
            double res = ((r[0] + r[1]) + (r[2] + r[3])) +                           \
                         ((r[4] + r[5]) + (r[6] + r[7]));                            \
            for (; i < n; i++)                                                       \
                res += TERM(i);                                                      \
            return res;                                                              \
        } else {                                                                     \
            int64_t n2 = n / 2;                                                      \
            n2 -= n2 % 8;                                                            \
            return NAME(a, b, n2) + NAME(a + n2, b + n2, n - n2);                    \
        }                                                                            \
    }

/* sum(r * r); b is unused (pass a valid pointer) */
#define SQUARE(i) (a[i] * a[i])
PAIRWISE_SUM(sum_squares, SQUARE)

/* sum((r - q) * (r - q)): r - q is rounded once, then squared, as in NumPy */
static inline double sq_diff(double x, double y)
{
    double d = x - y;
    return d * d;
}
#define SQUARE_DIFF(i) sq_diff(a[i], b[i])
PAIRWISE_SUM(sum_squared_diffs, SQUARE_DIFF)

/* The search. Returns the best score and writes (y1, x1, y2, x2) of its window to
 * pos[0..3]; if no window passes the ratio test (the seed then raises
 * UnboundLocalError), returns +inf and pos = (-1, -1, -1, -1). Returns NaN if the
 * scratch buffer cannot be had. noinline so the timing loop below cannot see through
 * it. */
__attribute__((noinline)) double integral_search(const double *ii, int64_t C, int64_t Y,
                                                 int64_t X, const double *q,
                                                 double query_ratio, int64_t *pos)
{
    double *r = malloc((size_t)(C > 0 ? C : 1) * sizeof(double)); /* once per call */
    if (r == NULL)
        return NAN;
    const int64_t plane = Y * X;
    double best = INFINITY;
    pos[0] = pos[1] = pos[2] = pos[3] = -1;
    for (int64_t y2 = 0; y2 < Y; y2++) {
        for (int64_t x2 = 0; x2 < X; x2++) {
            for (int64_t y1 = 0; y1 < y2; y1++) {
                for (int64_t x1 = 0; x1 < x2; x1++) {
                    double ratio = (double)(y2 - y1) / (double)(x2 - x1) / query_ratio;
                    if (!(0.8 < ratio && ratio < 1.2))
                        continue;
                    const double *p22 = ii + y2 * X + x2, *p11 = ii + y1 * X + x1;
                    const double *p12 = ii + y1 * X + x2, *p21 = ii + y2 * X + x1;
                    for (int64_t c = 0; c < C; c++) {
                        int64_t o = c * plane;
                        r[c] = ((p22[o] + p11[o]) - p12[o]) - p21[o];
                    }
                    double norm = sqrt(sum_squares(r, r, C));
                    for (int64_t c = 0; c < C; c++)
                        r[c] = r[c] / norm;
                    double score = sqrt(sum_squared_diffs(r, q, C));
                    if (score < best) {
                        best = score;
                        pos[0] = y1;
                        pos[1] = x1;
                        pos[2] = y2;
                        pos[3] = x2;
                    }
                }
            }
        }
    }
    free(r);
    return best;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The search alone, timed inside C: run integral_search() `reps` times and store each
 * repetition's ns in out_ns[rep] (each includes its one malloc/free of r, a few hundred
 * ns against milliseconds of loops). Returns the last run's best score and writes its
 * window to pos. run.py reports it as a note next to the row, whose C column calls
 * integral_search() through ctypes from Python, like the JITs are called. */
double integral_search_timed(const double *ii, int64_t C, int64_t Y, int64_t X,
                             const double *q, double query_ratio, int64_t reps,
                             int64_t *out_ns, int64_t *pos)
{
    double best = integral_search(ii, C, Y, X, q, query_ratio, pos); /* warm up */
    for (int64_t rep = 0; rep < reps; rep++) {
        int64_t t0 = now_ns();
        best = integral_search(ii, C, Y, X, q, query_ratio, pos);
        out_ns[rep] = now_ns() - t0;
    }
    return best;
}
