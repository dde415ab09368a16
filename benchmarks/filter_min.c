/* The cheapest generic_filter callback there is: the minimum of the footprint values,
 * in C, kept in a local. bench_callbacks.py compiles it at bench time,
 *
 *     gcc -O3 -march=native -shared -fPIC -o filter_min.so filter_min.c
 *
 * and times ndi.generic_filter with it next to grey_erosion: the floor of what any
 * callback (ferrojit's, Numba's, or C) can reach through generic_filter, whose own
 * per-pixel work (copying the footprint values, the indirect call) stays.
 */

#include <stdint.h>

int filter_min(double *values, intptr_t n, double *result, void *data)
{
    (void)data;
    double r = 1.0 / 0.0;
    for (intptr_t i = 0; i < n; i++)
        if (values[i] < r)
            r = values[i];
    result[0] = r;
    return 1;
}
