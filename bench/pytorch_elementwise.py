#!/usr/bin/env python3
"""The 1M-float elementwise part of ../shared/bench/pytorch_anchor.py alone, for
run-benchmarks.sh's alternating rounds: the same activations, input (torch.randn, seed 0), dy,
forward+backward through autograd, and statistic (the median of 7 repetitions of 10 calls), in
seconds instead of the anchor's minutes. The anchor's 64K row runs first, as there, so that the
allocator is in the anchor's state when the 1M row is timed (bench/pytorch_mlp.py says why that
matters). Usage: pytorch_elementwise.py (one thread). Prints one JSON object, keyed as the
anchor's elementwise row."""
import json
import torch
import torch.nn.functional as F

from pytorch_timing import median_time

torch.set_num_threads(1)
torch.manual_seed(0)


class SugarBSiLU(torch.autograd.Function):
    """The anchor's SUGAR: ReLU forward, B-SiLU derivative backward, as users write it."""

    @staticmethod
    def forward(ctx, x, alpha=1.67):
        ctx.save_for_backward(x)
        ctx.alpha = alpha
        return torch.relu(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        s = torch.sigmoid(x)
        return g * (s + (x + ctx.alpha) * s * (1 - s)), None


acts = {
    "relu": torch.relu,
    "leaky_relu": lambda x: F.leaky_relu(x, 0.01),
    "elu": F.elu,
    "selu": F.selu,
    "gelu_erf": F.gelu,
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "silu": F.silu,
    "mish": F.mish,
    "softplus": F.softplus,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "hardtanh": F.hardtanh,
    "hardswish": F.hardswish,
    "relu6": F.relu6,
    "sugar_bsilu": SugarBSiLU.apply,
}
row = {}
for n in (1 << 16, 1 << 20):
    x = torch.randn(n)
    g = torch.randn(n)
    for name, f in acts.items():
        fwd = median_time(lambda: f(x))
        xr = x.clone().requires_grad_(True)

        def fb():
            xr.grad = None
            f(xr).backward(g)

        fb_t = median_time(fb)
        if n == 1 << 20:
            row[name] = {"fwd_ns_per_elem": fwd / n * 1e9, "fwd_bwd_ns_per_elem": fb_t / n * 1e9}
print(json.dumps({"torch": torch.__version__, "threads": 1, "elementwise": {str(1 << 20): row}}, indent=1))
