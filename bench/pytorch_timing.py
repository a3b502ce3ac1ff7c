"""The statistic of ../shared/bench/pytorch_anchor.py's best(), shared by the scripts that time a
part of the anchor alone (pytorch_mlp.py, pytorch_elementwise.py): one call to warm up, then the
median of `reps` repetitions of `inner` calls, in seconds per call."""
import time


def median_time(fn, reps=7, inner=10):
    fn()
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(inner):
            fn()
        ts.append((time.perf_counter() - t) / inner)
    ts.sort()
    return ts[len(ts) // 2]
