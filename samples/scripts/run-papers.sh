#!/usr/bin/env bash
# The exact commands behind docs/RESULTS.md, run one at a time from the repository root on a
# shared 2-core machine. They are shorter than the papers' recipes (epochs, subsets, activations
# available at the time); docs/RESULTS.md says how. Afterwards: samples/scripts/collect-results.sh
set -euo pipefail
JAR="java --add-modules jdk.incubator.vector -jar samples/target/rectify.jar"
$JAR glorot2011 --activations relu,sigmoid --negate-half --l1 0.001 --epochs 3
$JAR nairhinton2010 --hidden 256 --rbm-epochs 3 --epochs 2
# after merging main (the zoo): every SUGAR variant on the deep narrow MLP, then the rest of Glorot
$JAR sugar2025 --models 'mlp:64x10' --seeds 3 --epochs 3 --lr 0.01 --train-limit 20000 \
  --out results/sugar2025-mlp
$JAR glorot2011 --activations tanh,softplus --epochs 3 --out results/glorot2011-tanh-softplus
$JAR sugar2025 --models 'cnn:vgg-tiny' --activations relu,sugar-bsilu,sugar-elu,sugar-selu,elu \
  --seeds 1 --epochs 2 --lr 0.01 --train-limit 2000 --test-limit 1000 --out results/sugar2025-cnn
