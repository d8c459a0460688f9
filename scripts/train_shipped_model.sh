#!/usr/bin/env bash
# Rebuilds the bundled classifier from scratch, exactly as it was made (docs/model-card.md):
# two simulated training sets (the fast reciprocal-space route and the real-space route of
# synthetic grids through the preprocessing), one training on both, then evaluation on fresh
# sets. 59 minutes on this 2-core machine (data 23 min, training 33 min, tests 1.5 min; measured with
# a refinement check running beside it), plus about 3 minutes for the end-to-end temperature.
# Interrupted, it resumes: finished data sets and models are kept, and a training restarts
# from its last epoch checkpoint (`qpi train` resumes when run again with the same options).
# The shipped model was made when the preprocessing's window was Hann (the real-space sets and the
# temperature; the default is Tukey alpha = 0.5 since 2026-12-06): `--window hann` is not passed
# here, so a rebuild now gets the current pipeline (docs/model-card.md).
# Usage: bash scripts/train_shipped_model.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
QPI=.build/release/qpi
W=${1:-training}
mkdir -p "$W"
# data NAME ARGS…: a data set, unless it is already complete.
data() { local name=$1; shift; [ -f "$W/$name/dataset.h5" ] || $QPI dataset "$@" --out "$W/$name"; }
data train    --count 24000 --seed 11                        # 12 min
data rs-train --count 8000 --seed 17 --route real-space      # 11 min
# One training from scratch on both routes (the real-space maps teach what the pipeline does).
[ -f "$W/model.safetensors" ] || $QPI train "$W/train/dataset.h5" "$W/rs-train/dataset.h5" --epochs 14 --patience 4 \
    --regression-weight 3 --seed 7 --out "$W/model.safetensors"                                  # 33 min
# The softmax temperature refitted end to end (qpi synth -> qpi classify, the three gap-unit calls
# pooled) on 400 grids drawn from the whole training world, seeds never used elsewhere: the
# probabilities a user sees. About 3 min.
# (The grids' probabilities must come from the model as it is when the fit reads them, hence the
# temporary name until the temperature is written.)
if [ ! -f "$W/calibration.json" ]; then
    python3 scripts/robustness_matrix.py --cells "training world" --per-cell 400 --seed-offset 3000000 \
        --qpi "$QPI" --model "$W/model.safetensors" --json "$W/calibration.json.tmp" >/dev/null
    python3 scripts/calibrate_temperature.py "$W/calibration.json.tmp" --model "$W/model.safetensors" --write
    mv "$W/calibration.json.tmp" "$W/calibration.json"
fi
# Fresh test sets (seeds never used above): clean, signal-to-noise 3, and the real-space route.
data test    --count 600 --seed 1011
data noisy   --count 600 --seed 1012 --snr 3
data rs-test --count 300 --seed 2016 --route real-space
for t in noisy rs-test; do $QPI evaluate "$W/$t/dataset.h5" --model "$W/model.safetensors" --out "$W/eval-$t"; done
# The clean test set's per-class parameter errors go into the model (typical_error of predictions).
$QPI evaluate "$W/test/dataset.h5" --model "$W/model.safetensors" --out "$W/eval-test" --record
echo "copy $W/model.safetensors to Sources/Model/Resources/pairing-classifier.safetensors to ship it"
