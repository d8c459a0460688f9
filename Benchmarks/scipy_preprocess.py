#!/usr/bin/env python3
"""The preprocessing hot path in numpy/scipy, for comparison with QPIKit in the same session:
Lawler-Fujita lock-in at three Bragg vectors, phase unwrapping, displacement field, bicubic
resampling of every layer (scipy.ndimage.map_coordinates), windowed |FFT| per layer, and
bilinear resampling of every |FFT| into a 101 x 101 frame.

    python3 Benchmarks/scipy_preprocess.py [N] [LAYERS]     prints seconds
"""
import sys
import time
import numpy as np
from scipy import ndimage


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 256
    layers = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:n, 0:n].astype(float)
    q = [np.array([2 * np.pi * 32 / n, 0]), np.array([2 * np.pi * 16 / n, 2 * np.pi * 28 / n]),
         np.array([-2 * np.pi * 16 / n, 2 * np.pi * 28 / n])]
    ux, uy = 2 * np.sin(2 * np.pi * y / n), 1.5 * np.cos(2 * np.pi * x / n)
    topo = sum(np.cos(qi[0] * (x + ux) + qi[1] * (y + uy)) for qi in q)
    stack = topo[None] * (1 + 0.01 * np.arange(layers)[:, None, None]) + 0.1 * rng.standard_normal((layers, n, n))

    start = time.perf_counter()
    ky, kx = np.meshgrid(np.fft.fftfreq(n) * 2 * np.pi, np.fft.fftfreq(n) * 2 * np.pi, indexing="ij")
    sigma = 9.0
    gauss = np.exp(-0.5 * (kx ** 2 + ky ** 2) * sigma ** 2)
    phases = []
    for qi in q:
        z = (topo - topo.mean()) * np.exp(-1j * (qi[0] * x + qi[1] * y))
        f = np.fft.ifft2(np.fft.fft2(z) * gauss)
        phases.append(np.unwrap(np.unwrap(np.angle(f), axis=0), axis=1))
    Q = np.array(q)
    theta = np.stack(phases, axis=-1)
    u = theta @ np.linalg.pinv(Q).T
    coords = [y - u[..., 1], x - u[..., 0]]
    corrected = np.stack([ndimage.map_coordinates(layer, coords, order=3, mode="nearest") for layer in stack])
    window = np.outer(np.hanning(n), np.hanning(n))
    mags = np.abs(np.fft.fft2((corrected - corrected.mean(axis=(1, 2), keepdims=True)) * window, axes=(1, 2)))
    axis = np.linspace(-1.2, 1.2, 101)
    fy, fx = np.meshgrid(axis, axis, indexing="ij")
    b = 4 * np.pi / (np.sqrt(3) * 9.24)
    kxs = (fx * b) * n / (2 * np.pi) % n
    kys = (fy * b) * n / (2 * np.pi) % n
    frames = np.stack([ndimage.map_coordinates(m, [kys, kxs], order=1, mode="grid-wrap") for m in mags])
    elapsed = time.perf_counter() - start
    assert frames.shape == (layers, 101, 101)
    print(f"{elapsed:.4f}")


if __name__ == "__main__":
    main()
