#!/usr/bin/env python3
"""Turns bench/out/*.json (written by bench/run-benchmarks.sh) into the Markdown tables of
bench/README.md: Rectify's figures beside PyTorch's from the same sitting, as ratios. Computes
nothing else: every number is one of the files' or a ratio of two of them."""
import functools, json, math, os, re, statistics, sys

out = os.path.join(os.path.dirname(__file__), "out")
@functools.cache  # jmh() and the SUGAR row both read activations-1M.json
def load(name):
    with open(os.path.join(out, name)) as f:
        return json.load(f)

def jmh(name, cls=None):
    rows = {}
    for r in load(name):
        if cls and r["benchmark"].rsplit(".", 2)[1] != cls:
            continue  # a pattern such as ActivationBenchmark also matches DenseActivationBenchmark
        key = (r["benchmark"].rsplit(".", 1)[1],) + tuple(sorted(r["params"].items()))
        # the median of every measured iteration (all forks), the statistic PyTorch's anchor
        # reports (best() takes the median of its repetitions): on a shared, noisy machine the
        # JMH mean lets a few slow iterations decide, the median does not
        forks = r["primaryMetric"].get("rawData") or []
        samples = [v for fork in forks for v in fork]
        if not samples:
            print("report.py: no iterations for %s, using JMH's mean" % (key,), file=sys.stderr)
            rows[key] = r["primaryMetric"]["score"]
        elif len(forks) >= 3:
            # several JVMs: the median of their medians, so that one JVM whose JIT left a vector
            # operation to its slow fallback (JDK 17, bench/README.md) cannot move the figure
            rows[key] = statistics.median(statistics.median(fork) for fork in forks)
        else:
            rows[key] = statistics.median(samples)
    return rows

def get(rows, bench, **params):
    key = (bench,) + tuple(sorted((k, str(v)) for k, v in params.items()))
    return rows.get(key)

torch1 = load("pytorch-1core.json")
# PyTorch at 2 cores, two ways (see run-benchmarks.sh): each figure is the faster of the two
torch2_omp, torch2_blas = load("pytorch-2cores.json"), load("pytorch-2cores-openblas.json")
torch2 = {"sgemm_1024_GFLOPS": max(torch2_omp["sgemm_1024_GFLOPS"], torch2_blas["sgemm_1024_GFLOPS"])}
for key in torch2_omp:
    if key.startswith("mlp_step_ms"):
        torch2[key] = min(torch2_omp[key], torch2_blas[key])
MAP = {"relu": "relu", "leaky-relu": "leaky_relu", "elu": "elu", "selu": "selu",
       "gelu": "gelu_erf", "gelu-tanh": "gelu_tanh", "silu": "silu", "mish": "mish",
       "softplus": "softplus", "sigmoid": "sigmoid", "tanh": "tanh", "hardtanh": "hardtanh",
       "hardswish": "hardswish", "relu6": "relu6", "sugar-bsilu": "sugar_bsilu"}
M = 1048576
acts = jmh("activations-1M.json", "ActivationBenchmark")
scalar = jmh("activations-1M-scalar.json", "ActivationBenchmark")
names = sorted({dict(k[1:])["activation"] for k in acts})

def ns(us):
    return us * 1000 / M

print("### Elementwise, 1M floats, one core (ns per element)\n")
print("| activation | fwd | fwd+bwd | PyTorch fwd | PyTorch fwd+bwd | fwd+bwd ratio (ours / PyTorch) |")
print("| --- | --- | --- | --- | --- | --- |")
ratios = []
for a in names:
    f = get(acts, "forward", activation=a, kernels="vector", order="random", size=M)
    fb = get(acts, "forwardBackward", activation=a, kernels="vector", order="random", size=M)
    t = torch1["elementwise"][str(M)].get(MAP.get(a, "-"))
    if t:
        ratio = ns(fb) / t["fwd_bwd_ns_per_elem"]
        ratios.append((a, ratio))
        print(f"| {a} | {ns(f):.2f} | {ns(fb):.2f} | {t['fwd_ns_per_elem']:.2f} | {t['fwd_bwd_ns_per_elem']:.2f} | {ratio:.2f} |")
    else:
        print(f"| {a} | {ns(f):.2f} | {ns(fb):.2f} | - | - | - |")
geo = math.exp(sum(math.log(r) for _, r in ratios) / len(ratios))
print(f"\nGeometric mean of the fwd+bwd ratio over the {len(ratios)} activations PyTorch has: **{geo:.2f}**; "
      f"slower than PyTorch: {', '.join(a for a, r in ratios if r > 1) or 'none'}.\n")

print("### Vector over scalar kernels (fwd+bwd, 1M floats, same JVM)\n")
print("| activation | scalar ns/elem | vector ns/elem | speed-up |")
print("| --- | --- | --- | --- |")
for k in sorted(scalar):
    p = dict(k[1:])
    if k[0] != "forwardBackward":
        continue
    v = get(acts, "forwardBackward", activation=p["activation"], kernels="vector", order="random", size=M)
    s = scalar[k]
    print(f"| {p['activation']} | {ns(s):.2f} | {ns(v):.2f} | {s / v:.1f}x |")

print("\n### Random-sign vs sorted input (fwd+bwd, 1M floats, alternating in one JVM)\n")
print("| activation | kernels | random ns/elem | sorted ns/elem | difference of medians | difference, adjacent pairs |")
print("| --- | --- | --- | --- | --- | --- |")
worst = {}
for r in sorted(load("input-order.json"), key=lambda r: (r["params"]["activation"], r["params"]["kernels"])):
    # ActivationBenchmark, order=alternating: even measured iterations ran random input, odd sorted
    forks = r["primaryMetric"]["rawData"]
    rnd = [v for fork in forks for v in fork[0::2]]
    srt = [v for fork in forks for v in fork[1::2]]
    # A JVM whose JIT recompiles a kernel mid-run shifts every later iteration (20.3 -> 14.2 ns in
    # one): the medians of the two orders then compare before with after. Each sorted iteration
    # against the random one just before it compares like with like; the median of those ratios
    # is the statistic the target uses.
    pairs = [fork[i + 1] / fork[i] - 1 for fork in forks for i in range(0, len(fork) - 1, 2)]
    paired = 100 * statistics.median(pairs)
    rnd, srt = statistics.median(rnd), statistics.median(srt)
    diff = 100 * (srt - rnd) / rnd
    kernels = r["params"]["kernels"]
    worst[kernels] = max(worst.get(kernels, (0, "")), (abs(paired), r["params"]["activation"]))
    print(f"| {r['params']['activation']} | {kernels} | {ns(rnd):.2f} | {ns(srt):.2f} | {diff:+.1f} % | {paired:+.1f} % |")
print("\nLargest difference over adjacent pairs: " + "; ".join(f"{k} kernels {w[0]:.1f} % ({w[1]})" for k, w in sorted(worst.items())) + ".")

# the JVMs behind the SUGAR B-SiLU target row, one by one
sugar = [r for r in load("activations-1M.json") if r["benchmark"].endswith("ActivationBenchmark.forwardBackward")
         and r["params"]["activation"] == "sugar-bsilu"][0]["primaryMetric"]["rawData"]
print("\nSUGAR B-SiLU fwd+bwd at 1M, each JVM's median: "
      + ", ".join(f"{ns(statistics.median(f)):.2f}" for f in sugar) + " ns/elem.")

relu16 = jmh("relu-16M.json", "ActivationBenchmark")
r16 = list(relu16.values())[0] * 1000 / 16777216
floor = float(re.search(r"ns/elem=([0-9.]+)", open(os.path.join(out, "membw-16M.txt")).read()).group(1))
print(f"\nReLU forward at 16M floats: {r16:.3f} ns/elem; C memory-bandwidth floor {floor:.3f} ns/elem: **{r16 / floor:.2f}x** the floor.\n")

gemm = jmh("gemm.json")
print("### GEMM 1024^3 and the MLP training step\n")
print("| figure | Rectify | PyTorch 1.13 (OpenBLAS) | ratio |")
print("| --- | --- | --- | --- |")
for threads, t in (("1", torch1), ("2", torch2)):
    us = get(gemm, "vector", n=1024, threads=threads)
    gf = 2 * 1024 ** 3 / (us * 1e-6) / 1e9
    print(f"| sgemm GFLOPS, {threads} core(s) | {gf:.1f} | {t['sgemm_1024_GFLOPS']:.1f} | {gf / t['sgemm_1024_GFLOPS']:.2f} |")
mlp = jmh("mlp.json")
for threads, t in (("1", torch1), ("2", torch2)):
    for a, ta in (("relu", "relu"), ("gelu", "gelu"), ("sugar-bsilu", None)):
        ms = get(mlp, "step", activation=a, threads=threads)
        ref = t.get("mlp_step_ms_batch128_" + ta) if ta else None
        print(f"| MLP step ms, {a}, {threads} core(s) | {ms:.1f} | {ref:.1f} | {ms / ref:.2f} |" if ref else
              f"| MLP step ms, {a}, {threads} core(s) | {ms:.1f} | - | - |")
if os.path.exists(os.path.join(out, "ab-mlp-1core-1.json")):
    print("\n### The MLP step, PyTorch and Rectify alternating (ms; ratio ours / PyTorch)\n")
    print("| activation | cores | round 1 | round 2 | round 3 | median ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for cores, suffix in (("1", "1core"), ("2", "2cores")):
        for a in ("relu", "gelu"):
            cells, rs = [], []
            for rnd in (1, 2, 3):
                ours = get(jmh(f"ab-mlp-{suffix}-{rnd}.json"), "step", activation=a, threads=cores)
                ref = load(f"ab-pytorch-{suffix}-{a}-{rnd}.json")["mlp_step_ms_batch128_" + a]
                if cores == "2":  # the faster of PyTorch's two 2-core settings, as above
                    omp = load(f"ab-pytorch-2cores-omp-{a}-{rnd}.json")["mlp_step_ms_batch128_" + a]
                    ref = min(ref, omp)
                rs.append(ours / ref)
                cells.append(f"{ours:.1f} / {ref:.1f} = {ours / ref:.2f}")
            print(f"| {a} | {cores} | {' | '.join(cells)} | **{statistics.median(rs):.2f}** |")
dense = jmh("dense.json")
print("\n### Fused vs unfused Dense(1000, 1000) + activation, fwd+bwd, batch 128, one core\n")
print("| activation | fused ms | unfused ms | unfused / fused |")
print("| --- | --- | --- | --- |")
for a in ("relu", "gelu", "sugar-bsilu"):
    f = get(dense, "forwardBackward", activation=a, fused="true", threads="1")
    u = get(dense, "forwardBackward", activation=a, fused="false", threads="1")
    print(f"| {a} | {f / 1000:.2f} | {u / 1000:.2f} | {u / f:.2f} |")

if os.path.exists(os.path.join(out, "ab-elementwise-1.json")):
    print("\n### Elementwise fwd+bwd at 1M, PyTorch and Rectify alternating (ns/elem; ratio ours / PyTorch)\n")
    print("| activation | round 1 | round 2 | round 3 | median ratio |")
    print("| --- | --- | --- | --- | --- |")
    rounds = (1, 2, 3)
    ours_by_round = {rnd: jmh(f"ab-elementwise-{rnd}.json", "ActivationBenchmark") for rnd in rounds}
    medians = []
    for a in sorted(MAP):
        cells, rs = [], []
        for rnd in rounds:
            ours = ns(get(ours_by_round[rnd], "forwardBackward",
                          activation=a, kernels="vector", order="random", size=M))
            ref = load(f"ab-pytorch-elementwise-{rnd}.json")["elementwise"][str(M)][MAP[a]]["fwd_bwd_ns_per_elem"]
            rs.append(ours / ref)
            cells.append(f"{ours:.2f} / {ref:.2f} = {ours / ref:.2f}")
        medians.append((a, statistics.median(rs)))
        print(f"| {a} | {' | '.join(cells)} | **{medians[-1][1]:.2f}** |")
    geo = math.exp(sum(math.log(r) for _, r in medians) / len(medians))
    print(f"\nGeometric mean of the median ratios: **{geo:.2f}**; "
          f"slower than PyTorch: {', '.join(a for a, r in medians if r > 1) or 'none'}.")
    def probes(name):
        text = open(os.path.join(out, name)).read()
        return " / ".join(re.findall(r"cpu\d (\d+) ns", text))
    cells = [f"round {rnd} {probes(f'ab-probe-{rnd}.txt')}" for rnd in rounds]
    print("\nMachineProbe (ns per 1000 steps, vCPU 0 / vCPU 1): after the anchors "
          + probes("probe-after-anchors.txt") + "; " + "; ".join(cells) + "; end " + probes("probe-end.txt") + ".")
