#!/usr/bin/env python3
"""The MLP-step part of ../shared/bench/pytorch_anchor.py alone, for run-benchmarks.sh's
alternating rounds: the same model (784-1000-1000-1000-10, ReLU or GELU), batch (128), optimiser
(SGD, lr 0.01, momentum 0.9) and statistic (the median of 7 repetitions of 10 steps), in seconds
instead of the anchor's minutes.

The anchor times ReLU's model after minutes of elementwise runs over tensors of up to 16M floats,
and this script first allocates and frees tensors of those sizes too. That matters: a fresh
process took 29.5-31.5 ms a step for ReLU's model here, one that had first made and dropped such
tensors 26.6-27.0, as in the anchor. glibc serves large allocations with mmap until freeing one
raises its threshold, and the step allocates its gradients anew each time (zero_grad sets them to
None); forcing every allocation onto the heap (MALLOC_MMAP_THRESHOLD_) took a fresh process to
28.2. A training script that has loaded its data is in the warmed state, so this is PyTorch's
figure to compare with. Each process builds one model, as a training script does.

Usage: pytorch_mlp.py THREADS relu|gelu, THREADS being torch's intra-op threads (OpenBLAS's come
from OPENBLAS_NUM_THREADS). Prints one JSON object, keyed as the anchor's."""
import json, sys
import torch
import torch.nn as nn
import torch.nn.functional as F

from pytorch_timing import median_time

torch.set_num_threads(int(sys.argv[1]))
name = sys.argv[2]
act = {"relu": nn.ReLU(), "gelu": nn.GELU()}[name]
torch.manual_seed(0)
# the anchor's elementwise sizes, made and dropped: see the docstring
for n in (1 << 16, 1 << 20, 1 << 24):
    for _ in range(5):
        torch.relu(torch.randn(n))


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
