#!/usr/bin/env python3
"""The robustness matrix of the classifier (docs/report.md): end-to-end `qpi synth` -> `qpi classify`
from one base case, varying one factor at a time over the training world's ranges, N grids per
cell with the class drawn uniformly (for the chi cells among the classes that have chi), plus a
"training world" cell with every factor drawn at once from the training ranges. Prints a
Markdown table with accuracy, ECE (10 bins of the top probability) and the gap estimate's error
|Delta_est / Delta_true - 1| (median and 95th percentile), Delta_true being the coherence peak of
the noise-free simulated DOS on a fine grid, which `qpi synth` puts at --gap.

Development tooling, not part of the product: it only runs the `qpi` binary.
Usage: scripts/robustness_matrix.py [--per-cell N] [--jobs J] [--qpi PATH] [--model FILE] [--classify-args ARGS] [--json OUT] [--cells a,b] [--seed-offset K]
"""
import argparse
import concurrent.futures as futures
import json
import math
import os
import random
import statistics
import subprocess
import tempfile

BASE = dict(pixels=192, lattice_pixels=4.0, impurities=4, orbital=0.3, step=0.1, window=1.6, snr=8.0, chi=None)

# (cell name, changes to the base case)
CELLS = [("base", {})] + \
    [(f"chi {c:+.1f}", {"chi": c}) for c in (-1.2, -0.6, 0.0, 0.6, 1.2)] + \
    [(f"impurities {n}", {"impurities": n}) for n in (1, 12)] + \
    [(f"{p:g} px per a", {"lattice_pixels": p, "pixels": int(48 * p)}) for p in (3, 8)] + \
    [(f"field of view {f} a", {"pixels": 4 * f}) for f in (20, 96)] + \
    [(f"orbital {w} a", {"orbital": w}) for w in (0.2, 0.5)] + \
    [(f"step {s} Δ", {"step": s}) for s in (0.05, 0.15)] + \
    [(f"window ±{w} Δ", {"window": w}) for w in (1.3, 2.5)] + \
    [(f"SNR {s:g}", {"snr": s}) for s in (2, 50)] + \
    [("training world", {"world": True})]

CLASSES = ["A1'", "A2'", "E'", "A1''+A2''+E''", "E''(non-unitary)"]


def pairing_arguments(cls, rng, chi):
    """qpi synth's pairing options for a state of class `cls` with random parameters."""
    mix = chi if chi is not None else rng.uniform(-1.5, 1.5)
    if cls == "A1'":
        return ["--pairing", "A1p", f"--mix={mix}"]
    if cls == "A2'":
        return ["--pairing", "A2p", f"--mix={mix}"]
    if cls == "E'":
        extra = ["--chiral=" + rng.choice(["1", "-1"])] if rng.random() < 0.4 else ["--nematic", f"{rng.uniform(0, 3.14159)}"]
        return ["--pairing", "Ep", f"--mix={mix}"] + extra
    if cls == "A1''+A2''+E''":
        kind = rng.choice(["A1pp", "A2pp", "Epp"])
        return ["--pairing", kind] + (["--nematic", f"{rng.uniform(0, 3.14159)}"] if kind == "Epp" else [])
    return ["--pairing", "Epp", "--chiral=" + rng.choice(["1", "-1"])]


def world_case(rng):
    """Every factor drawn from the training world's range at once (docs/learning.md): 3-8 pixels
    per lattice constant, a field of view of 20-100 a (at most 384 pixels), 1-12 impurities,
    orbitals 0.2-0.5 a, steps 0.05-0.15 Delta, windows +-1.3-2.5 Delta, SNR 2-50 (log-uniform)."""
    lattice_pixels = rng.uniform(3, 8)
    fov = min(rng.uniform(20, 100), 384 / lattice_pixels)
    return dict(pixels=int(fov * lattice_pixels), lattice_pixels=round(lattice_pixels, 3), impurities=rng.randint(1, 12),
                orbital=round(rng.uniform(0.2, 0.5), 3), step=round(rng.uniform(0.05, 0.15), 3),
                window=round(rng.uniform(1.3, 2.5), 3), snr=round(math.exp(rng.uniform(math.log(2), math.log(50))), 2), chi=None)


def one_grid(qpi, case, seed, folder, model=None, extra=()):
    rng = random.Random(seed)
    if case.get("world"):
        case = world_case(rng)
    classes = CLASSES[:3] if case["chi"] is not None else CLASSES
    cls = rng.choice(classes)
    gap = rng.uniform(0.8, 1.5)
    count = 2 * round(case["window"] / case["step"]) + 1
    fov = case["pixels"] / case["lattice_pixels"]
    mesh = 96 if fov <= 96 else 2 * int((fov + 1) // 2 + 1)
    path = os.path.join(folder, f"grid-{seed}.h5")
    synth = [qpi, "synth", *pairing_arguments(cls, rng, case["chi"]), "--gap", f"{gap}",
             f"--ratios=-{case['window']}:{case['window']}:{count}", "--pixels", str(case["pixels"]),
             "--lattice-pixels", str(case["lattice_pixels"]), "--impurities", str(case["impurities"]),
             "--orbital-width", str(case["orbital"]), "--snr", str(case["snr"]), "--mesh", str(mesh),
             "--rotation", f"{rng.uniform(0, 1.047)}", "--seed", str(seed), "--out", path]
    subprocess.run(synth, check=True, capture_output=True)
    out = subprocess.run([qpi, "classify", path, "--json", *extra] + (["--model", model] if model else []), capture_output=True, text=True)
    os.remove(path)
    if out.returncode != 0:
        return dict(truth=cls, predicted=None, confidence=0.0, gap_error=None, error=out.stderr.strip()[-300:])
    summary = json.loads(out.stdout)
    probabilities = summary["prediction"]["probabilities"]
    predicted = max(probabilities, key=probabilities.get)
    return dict(truth=cls, predicted=predicted, confidence=probabilities[predicted], probabilities=probabilities,
                gap_error=abs(summary["gap"]["delta_meV"] / gap - 1), screening=summary.get("screening"))


def ece(results, bins=10):
    total, n = 0.0, len(results)
    for b in range(bins):
        members = [r for r in results if b / bins < r["confidence"] <= (b + 1) / bins or (b == 0 and r["confidence"] == 0)]
        if members:
            accuracy = sum(r["truth"] == r["predicted"] for r in members) / len(members)
            confidence = sum(r["confidence"] for r in members) / len(members)
            total += abs(accuracy - confidence) * len(members) / n
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-cell", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--qpi", default=".build/release/qpi")
    parser.add_argument("--json")
    parser.add_argument("--model", help="model file for qpi classify (default: the one bundled with qpi)")
    parser.add_argument("--classify-args", default="", help="further options for qpi classify (e.g. \"--window tukey:0.5\")")
    parser.add_argument("--cells", help="comma-separated cell names to run (default: all)")
    parser.add_argument("--seed-offset", type=int, default=0, help="added to every grid's seed (fresh grids, e.g. for calibration)")
    args = parser.parse_args()
    chosen = set(args.cells.split(",")) if args.cells else None
    classify_args = args.classify_args.split()
    rows, everything = [], {}
    with tempfile.TemporaryDirectory() as folder, futures.ThreadPoolExecutor(args.jobs) as pool:
        for index, (name, change) in enumerate(CELLS):   # seeds follow the cell's place in CELLS
            if chosen and name not in chosen:
                continue
            case = dict(BASE, **change)
            seeds = [args.seed_offset + 10_000 * (index + 1) + i for i in range(args.per_cell)]
            results = list(pool.map(lambda s: one_grid(args.qpi, case, s, folder, args.model, classify_args), seeds))
            right = sum(r["truth"] == r["predicted"] for r in results)
            gaps = sorted(r["gap_error"] for r in results if r["gap_error"] is not None)
            p95 = gaps[min(len(gaps) - 1, int(0.95 * len(gaps)))] if gaps else float("nan")
            rows.append(f"| {name} | {right}/{len(results)} ({100 * right / len(results):.0f} %) | {ece(results):.3f} | "
                        f"{100 * statistics.median(gaps) if gaps else float('nan'):.1f} % | {100 * p95:.1f} % |")
            everything[name] = results
            print(rows[-1], flush=True)
    print("\n| cell | right | ECE | median gap error | 95th percentile |\n|---|---|---|---|---|")
    print("\n".join(rows))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(everything, f, indent=1)


if __name__ == "__main__":
    main()
