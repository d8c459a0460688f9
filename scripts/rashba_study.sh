#!/usr/bin/env bash
# Can a classifier trained with Rashba coupling tell the unitary in-plane triplets A1'', A2''
# and E'' apart, and from which αR on? For each αR: simulate maps of that class only, labelled
# by channel, train a network (same architecture as the shipped model), score it on a fresh set.
# Chance is 1/3. Usage: bash scripts/rashba_study.sh [WORKDIR] [αR values in meV…]
# Results: WORKDIR/rashba-A/eval/evaluation.json; docs/model-card.md quotes them.
set -euo pipefail
cd "$(dirname "$0")/.."
QPI=${QPI:-.build/release/qpi}
WORK=${1:-study}; shift || true
VALUES=${*:-0 5 15 30}
CLASS="A1''+A2''+E''"
for a in $VALUES; do
  dir="$WORK/rashba-$a"
  $QPI dataset --count 1800 --seed $((500 + a)) --only-class "$CLASS" --rashba "$a" --out "$dir/train"
  $QPI dataset --count 400 --seed $((700 + a)) --only-class "$CLASS" --rashba "$a" --out "$dir/test"
  $QPI train "$dir/train/dataset.h5" --labels channel --epochs 10 --patience 3 --out "$dir/model.safetensors"
  $QPI evaluate "$dir/test/dataset.h5" --model "$dir/model.safetensors" --out "$dir/eval" | tee "$dir/evaluate.txt"
done
