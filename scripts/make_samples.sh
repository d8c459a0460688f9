#!/usr/bin/env bash
# Remakes the bundled samples: samples/demo_grid.3ds (a small Nanonis grid written by numpy,
# independently of QPIKit) and samples/synthetic_grid.h5 (the grid `make demo` analyses: a nematic
# E' superconductor made by `qpi synth` — four impurities, atomic lattice, drift, shear, noise,
# 160 × 160 pixels over 40 lattice constants, 21 energies from −2Δ to 2Δ with Δ = 1.3 meV; its
# averaged DOS on the 1024 k-mesh, converged like a real sample's, so that `qpi analyze`'s
# refinement fits it to its noise).
# Usage: bash scripts/make_samples.sh   (after `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/make_sample_3ds.py samples/demo_grid.3ds
RATIOS=$(seq -2 0.2 2 | paste -sd, -)   # ω/Δ
.build/release/qpi synth --pairing Ep --mix 0.3 --nematic 0.5 --gap 1.3 --snr 8 --pixels 160 --lattice-pixels 4 \
    --impurities 4 --seed 7 --spectrum-mesh 1024 --ratios="$RATIOS" --out samples/synthetic_grid.h5
