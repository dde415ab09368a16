"""Seed 002: the integral-image window search, unchanged, under @jit(nopython=True, nogil=True)."""

import time

import numpy as np

from ferrojit import jit


def get_feature_from_integral_image(integral_image, y1, x1, y2, x2):
    result = integral_image[:, y2, x2] + \
                integral_image[:, y1, x1] - \
                integral_image[:, y1, x2] - \
                integral_image[:, y2, x1]
    # Normalize the feature vector
    result /= np.sqrt(np.sum(result * result))
    return result


def search_one_integral_image(integral_image, query_descriptor, query_ratio):
    best_score = np.inf
    for y2 in range(integral_image.shape[1]):
        for x2 in range(integral_image.shape[2]):
            for y1 in range(y2):
                for x1 in range(x2):
                    # Only evaluate windows with a similar ratio
                    if 0.8 < (y2 - y1) / (x2 - x1) / query_ratio < 1.2:
                        tmp_descriptor = get_feature_from_integral_image(integral_image, y1, x1, y2, x2)
                        score_tmp = np.sqrt(
                            np.sum((tmp_descriptor - query_descriptor) * (tmp_descriptor - query_descriptor)))
                        if score_tmp < best_score:
                            best_score = score_tmp
                            best_position = (y1, x1, y2, x2)
    return best_score, best_position


def make_integral_image(feat_map):
    result = np.zeros((feat_map.shape[0], feat_map.shape[1] + 1, feat_map.shape[2] + 1), dtype=np.float64)
    result[:, 1:, 1:] = np.cumsum(np.cumsum(feat_map, axis=2), axis=1)
    return result


def main():
    rng = np.random.default_rng(0)
    f = rng.random((512, 18, 16))
    integral_image = make_integral_image(f)
    query = rng.random(512)
    query /= np.sqrt(np.sum(query * query))

    t0 = time.perf_counter()
    expected = search_one_integral_image(integral_image, query, 1.0)
    plain = time.perf_counter() - t0

    # The seed decorates both functions; the search calls the jitted feature function.
    global get_feature_from_integral_image
    plain_feature = get_feature_from_integral_image
    get_feature_from_integral_image = jit(nopython=True, nogil=True)(plain_feature)
    search = jit(nopython=True, nogil=True)(search_one_integral_image)
    try:
        t0 = time.perf_counter()
        got = search(integral_image, query, 1.0)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        search(integral_image, query, 1.0)
        steady = time.perf_counter() - t0
    finally:
        get_feature_from_integral_image = plain_feature
    print(f"  (512, 18, 16) feature map: plain Python {plain * 1e3:.0f} ms; ferrojit first call "
          f"{first * 1e3:.0f} ms (compile included), then {steady * 1e3:.2f} ms = {plain / steady:.0f}x")
    print(f"  best score {got[0]:.6f} at {got[1]} (CPython: {expected[0]:.6f} at {expected[1]})")
    return got[1] == expected[1] and abs(got[0] - expected[0]) <= 1e-12 * max(1.0, abs(expected[0]))


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
