#!/usr/bin/env python3
"""χ accuracy and uncertainty coverage of `qpi fit` on fresh `qpi synth` grids.

For each grid: a random class among A1′, A2′, E′ (nematic at a random angle, or chiral), χ uniform
over (−χmax, χmax), a random gap, field of view (128–256 pixels of 5 per a), impurity count (1–6), noise and seed, its
averaged DOS on a mesh finer than the fit's (`--spectrum-mesh`, 1024); `qpi fit --class` with the true
channel (so that classification errors do not enter); the error of χ modulo π against the truth,
and whether the truth lies within 1σ and 2σ. Prints one line per grid and a summary per class.

    scripts/refinement_check.py --count 50 --seed 1000 --work /tmp/rc [--qpi .build/release/qpi]
"""
import argparse, json, math, random, subprocess, sys, os

def wrapped(x):
    x = math.fmod(x, math.pi)
    if x <= -math.pi / 2: x += math.pi
    if x > math.pi / 2: x -= math.pi
    return x

def spectral(angle):
    """A nematic angle folded into [0, π/6] by the DOS's period π/3 and mirror (NematicAngleFit.spectral)."""
    x = math.fmod(angle, math.pi / 3)
    if x < 0: x += math.pi / 3
    return min(x, math.pi / 3 - x)

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=50)
    p.add_argument("--seed", type=int, default=1000)
    p.add_argument("--work", default="/tmp/refinement-check")
    p.add_argument("--qpi", default=".build/release/qpi")
    p.add_argument("--chi-max", type=float, default=1.2)
    p.add_argument("--classes", default="A1p,A2p,Ep")
    p.add_argument("--map-mesh", type=int, default=192, help="k-mesh of the grids' maps (qpi synth --mesh)")
    p.add_argument("--impurity-margin", type=float, default=0,
                   help="qpi synth --impurity-margin: impurities also outside the field, as in a sample")
    p.add_argument("--fit-options", default="", help="extra options for qpi fit, e.g. --no-impurity-share")
    p.add_argument("--spectrum-mesh", type=int, default=1024,
                   help="k-mesh of the grids' averaged DOS: finer than the fit's 256, as a real sample's spectrum is converged")
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    rng = random.Random(a.seed)
    rows, impurity_rows, angle_rows = [], [], []
    classes = a.classes.split(",")
    for i in range(a.count):
        channel = classes[i % len(classes)]
        chi = rng.uniform(-a.chi_max, a.chi_max)
        seed = a.seed + i
        v0 = math.exp(rng.uniform(math.log(50), math.log(500))) * rng.choice([-1, 1])
        grid = f"{a.work}/grid{seed}.h5"
        args = [a.qpi, "synth", "--pairing", channel, f"--mix={chi}", "--gap", f"{rng.uniform(0.6, 2.0):.3f}",
                "--ratios=-2:2:41", "--impurities", str(rng.randint(1, 6)), "--pixels", str(rng.choice([128, 192, 256])), "--snr", f"{rng.uniform(3, 10):.2f}",
                "--seed", str(seed), "--spectrum-mesh", str(a.spectrum_mesh), f"--v0={v0:.1f}", "--mesh", str(a.map_mesh), f"--impurity-margin={a.impurity_margin}",
                "--out", grid]
        combination, phi = "", None
        if channel == "Ep":
            if rng.random() < 0.5:
                combination = "chiral"; args += ["--chiral", "1"]
            else:
                phi = rng.uniform(0, math.pi); combination = f"nematic {phi:.2f}"; args += [f"--nematic={phi}"]
        subprocess.run(args, check=True, capture_output=True)
        out = subprocess.run([a.qpi, "fit", grid, "--class", channel, "--out", f"{a.work}/fit{seed}.h5", "--json"] + a.fit_options.split(),
                             check=True, capture_output=True, text=True)
        r = json.loads(out.stdout)
        fit = r["parameters"]["chi_rad"]
        error = wrapped(fit["value"] - chi)
        sigma = fit.get("uncertainty") or float("inf")
        rows.append((channel, abs(error), abs(error) <= sigma, abs(error) <= 2 * sigma))
        fitted_v0 = r["parameters"].get("v0_meV")
        v0_text = "V0 not determined"
        if fitted_v0:
            v0_error, v0_sigma = fitted_v0["value"] - round(v0, 1), fitted_v0.get("uncertainty") or float("inf")
            impurity_rows.append((channel, abs(v0_error) / abs(v0), abs(v0_error) <= v0_sigma, abs(v0_error) <= 2 * v0_sigma))
            v0_text = f"V0 {v0:+.0f} fit {fitted_v0['value']:+.0f} ± {v0_sigma:.0f}"
        else:
            impurity_rows.append((channel, None, False, False))
        angle_text = ""
        angle = r["parameters"].get("nematic_angle_rad")
        if phi is not None and angle:
            # The spectrum fixes φ only up to ±φ + kπ/3: compare the spectral angles.
            spectral_error = spectral(angle["value"]) - spectral(phi)
            angle_sigma = angle.get("uncertainty") or float("inf")
            angle_rows.append((abs(spectral_error) <= angle_sigma, abs(spectral_error) <= 2 * angle_sigma))
            angle_text = f" φ spectral {spectral(phi):.3f} fit {spectral(angle['value']):.3f} ± {angle_sigma:.3f}"
        print(f"{seed} {channel} {combination:14s} χ {chi:+.3f} fit {fit['value']:+.3f} ± {sigma:.3f} err {error:+.3f}"
              f" χ²/dof {r['chi2_per_dof']:.2f} {r.get('combination') or ''} {v0_text}{angle_text}", flush=True)
    for channel in classes + ["all"]:
        sel = [r for r in rows if channel == "all" or r[0] == channel]
        if not sel: continue
        n = len(sel)
        print(f"{channel}: n={n} MAE {sum(r[1] for r in sel) / n:.4f} rad, within 1σ {sum(r[2] for r in sel) / n:.0%},"
              f" within 2σ {sum(r[3] for r in sel) / n:.0%}")
        found = [r for r in impurity_rows if (channel == "all" or r[0] == channel) and r[1] is not None]
        if found:
            errors = sorted(r[1] for r in found)
            print(f"  V0: determined {len(found)}/{n}, median |error| {errors[len(errors) // 2]:.1%},"
                  f" within 1σ {sum(r[2] for r in found) / len(found):.0%}, within 2σ {sum(r[3] for r in found) / len(found):.0%}")

    if angle_rows:
        n = len(angle_rows)
        print(f"nematic angle (spectral, in [0, π/6]): n={n} within 1σ {sum(r[0] for r in angle_rows) / n:.0%},"
              f" within 2σ {sum(r[1] for r in angle_rows) / n:.0%}")

if __name__ == "__main__":
    sys.exit(main())
