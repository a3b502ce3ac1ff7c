#!/usr/bin/env bash
# The exact commands behind docs/RESULTS.md, run one at a time from the repository root on a
# shared 2-core machine, each timed. They are shorter than the papers' recipes (epochs, subsets);
# docs/RESULTS.md says how. Afterwards: samples/scripts/collect-results.sh with the output folders.
set -euo pipefail
JAR="java --add-modules jdk.incubator.vector -jar ${RECTIFY_JAR:-samples/target/rectify.jar}"
run() { echo "== $*"; /usr/bin/time -f "wall %e s" $JAR "$@"; }
run nairhinton2010 --hidden 256 --rbm-epochs 3 --epochs 2 --out results/nairhinton2010
run sugar2025 --models 'mlp:64x10' --seeds 3 --epochs 3 --lr 0.01 --train-limit 20000 \
  --out results/sugar2025-mlp
run sugar2025 --models 'cnn:vgg-tiny' --activations relu,sugar-bsilu,sugar-elu,sugar-selu,elu \
  --seeds 1 --epochs 2 --lr 0.01 --train-limit 2000 --test-limit 1000 --out results/sugar2025-cnn
run glorot2011 --activations tanh,softplus,sigmoid --epochs 10 --out results/glorot2011-others
run glorot2011 --activations relu --l1 0.001 --negate-half --epochs 20 --out results/glorot2011-relu
