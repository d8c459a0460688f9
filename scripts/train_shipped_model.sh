#!/usr/bin/env bash
# Rebuilds the bundled classifier from scratch, exactly as it was made (docs/model-card.md):
# two simulated training sets, a first training on the fast reciprocal-space route, then
# fine-tuning on both routes, then evaluation on fresh sets. About 85 minutes on 2 cores.
# Usage: bash scripts/train_shipped_model.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
QPI=.build/release/qpi
W=${1:-training}
mkdir -p "$W"
$QPI dataset --count 20000 --seed 1 --out "$W/train"                         # ~12 min
$QPI dataset --count 8000 --seed 7 --route real-space --out "$W/rs-train"    # ~21 min
$QPI dataset --count 6000 --seed 8 --route real-space --out "$W/rs-train8"   # ~13 min
$QPI train "$W/train/dataset.h5" --epochs 20 --patience 4 --out "$W/stage1.safetensors"   # ~20 min
$QPI train "$W/train/dataset.h5" "$W/rs-train/dataset.h5" "$W/rs-train8/dataset.h5" --initial-weights "$W/stage1.safetensors" \
    --learning-rate 7e-4 --epochs 10 --patience 3 --regression-weight 3 --seed 7 --out "$W/model.safetensors"
# Fresh test sets (seeds never used above): clean, signal-to-noise 3, and the real-space route.
$QPI dataset --count 2000 --seed 1001 --out "$W/test"
$QPI dataset --count 2000 --seed 1002 --snr 3 --out "$W/noisy"
$QPI dataset --count 600 --seed 2006 --route real-space --out "$W/rs-test"
for t in noisy rs-test; do $QPI evaluate "$W/$t/dataset.h5" --model "$W/model.safetensors" --out "$W/eval-$t"; done
# The clean test set's per-class parameter errors go into the model (typical_error of predictions).
$QPI evaluate "$W/test/dataset.h5" --model "$W/model.safetensors" --out "$W/eval-test" --record
echo "copy $W/model.safetensors to Sources/Model/Resources/pairing-classifier.safetensors to ship it"
