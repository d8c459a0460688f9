#!/usr/bin/env python3
"""Writes a synthetic Nanonis grid-spectroscopy (.3ds) file with numpy, independently of QPIKit.

The values follow closed formulas (see `expected_*` below and the Swift test that mirrors them),
so QPIKit's reader is checked against a writer it shares no code with.

    python3 scripts/make_sample_3ds.py OUT.3ds [--nx 32] [--ny 32] [--points 21]
"""
import argparse
import numpy as np

CHANNELS = ["Current (A)", "LI Demod 1 X (A)", "Current [bwd] (A)", "LI Demod 1 X [bwd] (A)"]
PARAMS = ["Sweep Start", "Sweep End", "X (m)", "Y (m)", "Z (m)", "Z offset (m)"]
PIXEL = 0.5e-9          # m
CENTER = (10e-9, -5e-9)  # m
BIAS = (-20e-3, 20e-3)   # V


def values(nx, ny, points):
    """Returns (params[ny, nx, P], channels[ny, nx, C, points]) as float32."""
    r = np.arange(ny)[:, None]
    c = np.arange(nx)[None, :]
    bias = np.linspace(BIAS[0], BIAS[1], points)
    x = CENTER[0] - nx * PIXEL / 2 + (c + 0.5) * PIXEL
    y = CENTER[1] - ny * PIXEL / 2 + (r + 0.5) * PIXEL
    params = np.zeros((ny, nx, len(PARAMS)))
    params[..., 0], params[..., 1] = BIAS
    params[..., 2], params[..., 3] = x + 0 * y, y + 0 * x
    params[..., 4] = 1e-10 * np.cos(2 * np.pi * c / 7) * np.cos(2 * np.pi * r / 5)
    # dI/dV-like: a gap-like spectrum modulated by a standing wave around the grid centre.
    rr = np.hypot(r - ny / 2, c - nx / 2)[..., None]
    e = bias[None, None, :]
    didv = 1e-12 * (1 + 0.3 * np.cos(0.8 * rr + 40 * e)) * (1 + np.tanh((np.abs(e) - 5e-3) / 2e-3))
    current = np.cumsum(didv, axis=-1) * (bias[1] - bias[0])
    chans = np.stack([current, didv, current * 1.01, didv * 0.99], axis=2)
    return params.astype(np.float32), chans.astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--nx", type=int, default=32)
    ap.add_argument("--ny", type=int, default=32)
    ap.add_argument("--points", type=int, default=21)
    a = ap.parse_args()
    params, chans = values(a.nx, a.ny, a.points)
    header = "\r\n".join([
        f'Grid dim="{a.nx} x {a.ny}"',
        f"Grid settings={CENTER[0]:.6E};{CENTER[1]:.6E};{a.nx * PIXEL:.6E};{a.ny * PIXEL:.6E};0.000000E+0",
        "Filetype=Linear",
        'Sweep Signal="Bias (V)"',
        'Fixed parameters="Sweep Start;Sweep End"',
        'Experiment parameters="' + ";".join(PARAMS[2:]) + '"',
        f"# Parameters (4 byte)={len(PARAMS)}",
        f"Experiment size (bytes)={len(CHANNELS) * a.points * 4}",
        f"Points={a.points}",
        'Channels="' + ";".join(CHANNELS) + '"',
        'Experiment="Grid Spectroscopy"',
        "Comment=synthetic sample written by QPIKit's scripts/make_sample_3ds.py",
        "Bias Spectroscopy>Sweep mode=Linear",
        ":HEADER_END:",
    ]) + "\r\n"
    records = np.concatenate([params, chans.reshape(a.ny, a.nx, -1)], axis=-1)
    with open(a.out, "wb") as f:
        f.write(header.encode("latin-1"))
        records.astype(">f4").tofile(f)


if __name__ == "__main__":
    main()
