#!/usr/bin/env python3
"""The MLP-step part of ../shared/bench/pytorch_anchor.py alone, for run-benchmarks.sh's
alternating rounds: the same model (784-1000-1000-1000-10, ReLU or GELU), batch (128), optimiser
(SGD, lr 0.01, momentum 0.9) and statistic (the median of 7 repetitions of 10 steps), in seconds
instead of the anchor's minutes.

One difference: the anchor times ReLU's model and then GELU's in one process, and here whichever
model a process builds first ran slower for as long as it was timed: 33-35 ms a step against
26.0-26.9 for models built after it, and still 29-30 after two seconds of untimed steps or over
600 steps. The cause is not established (glibc serving every allocation from its heap, not
mmap, took a fresh ReLU process from 29.5-30.2 to 28.1-28.3 ms). A training script builds one
model, so this script times one, in its own process: what a user's script gets.

Usage: pytorch_mlp.py THREADS relu|gelu, THREADS being torch's intra-op threads (OpenBLAS's come
from OPENBLAS_NUM_THREADS). Prints one JSON object, keyed as the anchor's."""
import json, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(int(sys.argv[1]))
name = sys.argv[2]
act = {"relu": nn.ReLU(), "gelu": nn.GELU()}[name]
torch.manual_seed(0)


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


model = nn.Sequential(nn.Linear(784, 1000), act, nn.Linear(1000, 1000), act,
                      nn.Linear(1000, 1000), act, nn.Linear(1000, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
xb = torch.randn(128, 784)
yb = torch.randint(0, 10, (128,))


def step():
    opt.zero_grad(set_to_none=True)
    F.cross_entropy(model(xb), yb).backward()
    opt.step()


print(json.dumps({"mlp_step_ms_batch128_" + name: median_time(step) * 1e3}))
