#!/usr/bin/env bash
# The commands behind bench/README.md's tables, run one after the other on an otherwise idle
# machine, from the repository root after `mvn -B -q -DskipTests package`. Output: bench/out/.
set -euo pipefail
mkdir -p bench/out
JMH="java -jar bench/target/benchmarks.jar -w 1s -r 1s -rf json"
QUICK="-f 1 -wi 2 -i 3" # one fork of three 1-second samples: the elementwise and dense rows
# PyTorch and the memory-bandwidth floor, same sitting (../shared/bench/README.md)
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 ../shared/bench/pytorch_anchor.py 1 \
  > bench/out/pytorch-1core.json
/usr/bin/python3 ../shared/bench/pytorch_anchor.py 2 > bench/out/pytorch-2cores.json
# at 2 threads torch's OpenMP pool and OpenBLAS's oversubscribe two cores (a slower MLP step);
# one torch thread with OpenBLAS's own two is PyTorch's better 2-core setting: report.py takes the faster
OPENBLAS_NUM_THREADS=2 /usr/bin/python3 ../shared/bench/pytorch_anchor.py 1 > bench/out/pytorch-2cores-openblas.json
# how fast each of the two vCPUs is after the anchors and at the end (see MachineProbe and the
# rounds below)
probe() {
  for cpu in 0 1; do
    echo "cpu$cpu $(taskset -c $cpu java -cp bench/target/benchmarks.jar dev.rectify.bench.MachineProbe)"
  done
}
probe > bench/out/probe-after-anchors.txt
gcc -O3 -march=native -fopenmp ../shared/bench/membw.c -o bench/out/membw
OMP_NUM_THREADS=1 bench/out/membw 16777216 > bench/out/membw-16M.txt
OMP_NUM_THREADS=1 bench/out/membw 1048576 > bench/out/membw-1M.txt
# Rectify
# the headline figures get more forks and iterations: single runs here vary by tens of percent
$JMH GemmBenchmark -p n=1024 -f 2 -wi 3 -i 4 -rff bench/out/gemm.json
# three JVMs for the rows the targets use: on JDK 17 about one JVM in five compiles a kernel with a
# vector operation left to its non-intrinsic fallback and runs it 3x slower (bench/README.md);
# report.py takes the median of the three JVMs' medians, which one slow JVM cannot move
FORKS="-f 3 -wi 2 -i 3"
$JMH MlpStepBenchmark $FORKS -rff bench/out/mlp.json
$JMH DenseActivationBenchmark $FORKS -rff bench/out/dense.json
$JMH '\.ActivationBenchmark' $FORKS -p size=1048576 -p order=random -p kernels=vector \
  -rff bench/out/activations-1M.json
$JMH '\.ActivationBenchmark' $QUICK -p size=1048576 -p order=random -p kernels=scalar \
  -p activation=elu,gelu-tanh,silu,mish,softplus,sigmoid,tanh,sugar-bsilu,sugar-silu \
  -rff bench/out/activations-1M-scalar.json
# random vs sorted input alternate iteration by iteration in one JVM per activation (see the class)
$JMH '\.ActivationBenchmark.forwardBackward' -f 1 -wi 3 -i 8 -p size=1048576 -p order=alternating \
  -rff bench/out/input-order.json
$JMH '\.ActivationBenchmark.forward' $QUICK -p size=16777216 -p order=random -p kernels=vector \
  -p activation=relu -rff bench/out/relu-16M.json
# The MLP step once more, PyTorch and Rectify alternating minute by minute: the machine drifts by
# 10 % over the hour the runs above take (sgemm 77-86 GFLOPS between sittings), and a ratio is only
# as good as its two figures' closeness in time. PyTorch builds one model per process, as a
# training script does, after warming its allocator as the anchor's elementwise runs do
# (bench/pytorch_mlp.py says why that matters); at 2 cores both ways, as above, and report.py
# takes the faster. Three rounds; report.py takes each round's ratio and their
# median.
for round in 1 2 3; do
  for a in relu gelu; do
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_mlp.py 1 $a \
      > bench/out/ab-pytorch-1core-$a-$round.json
  done
  $JMH MlpStepBenchmark -f 1 -wi 2 -i 3 -p threads=1 -p activation=relu,gelu \
    -rff bench/out/ab-mlp-1core-$round.json
  for a in relu gelu; do
    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/pytorch_mlp.py 1 $a \
      > bench/out/ab-pytorch-2cores-$a-$round.json
    /usr/bin/python3 bench/pytorch_mlp.py 2 $a > bench/out/ab-pytorch-2cores-omp-$a-$round.json
  done
  $JMH MlpStepBenchmark -f 1 -wi 2 -i 3 -p threads=2 -p activation=relu,gelu \
    -rff bench/out/ab-mlp-2cores-$round.json
done
# The elementwise rows once more, PyTorch and Rectify alternating minute by minute, for the same
# reason: SiLU, GELU and SELU sit within 15 % of PyTorch, and this machine's speed moves by more
# than that between minutes and between its two vCPUs (MachineProbe, a loop that touches no memory,
# before each round). Each round times PyTorch's fifteen activations (bench/pytorch_elementwise.py,
# the anchor's method) and then ours in one JVM; report.py takes each round's ratio and their median.
PYTORCH_ACTS=relu,leaky-relu,elu,selu,gelu,gelu-tanh,silu,mish,softplus,sigmoid,tanh,hardtanh,hardswish,relu6,sugar-bsilu
for round in 1 2 3; do
  probe > bench/out/ab-probe-$round.txt
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_elementwise.py \
    > bench/out/ab-pytorch-elementwise-$round.json
  $JMH '\.ActivationBenchmark.forwardBackward' -f 1 -wi 2 -i 3 -p size=1048576 -p order=random \
    -p kernels=vector -p activation=$PYTORCH_ACTS -rff bench/out/ab-elementwise-$round.json
done
probe > bench/out/probe-end.txt
