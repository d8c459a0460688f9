#!/usr/bin/env python3
"""The simulator's formula (docs/physics.md §§2–5, channel A1' with mixing) in vectorised numpy:
the baseline that QPIKit's per-energy time is compared with, and a cross-check of its values.

    python3 Benchmarks/numpy_tmatrix.py N [--energies 8,12] [--dump FILE.npy] [--eigensystem]
Prints the mean time per energy (s) after the one-off diagonalisation; with --eigensystem, the
time (s) of building H(k) on the mesh and diagonalising it (numpy.linalg.eigh, batched LAPACK).
"""
import argparse
import time
import numpy as np

S3 = np.sqrt(3.0)
DELTA = np.array([[1, 0], [-0.5, S3 / 2], [-0.5, -S3 / 2]])
BETA = np.array([DELTA[0] - DELTA[2], DELTA[1] - DELTA[0], DELTA[2] - DELTA[1]])
B1 = 2 * np.pi * np.array([1, -1 / S3])
B2 = 2 * np.pi * np.array([0, 2 / S3])
T1, T2, MU, LAM, ALPHA = 40.0, 100.0, -86.0, 75.0, 0.0


def hamiltonians(n, delta0, chi):
    m, q = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    k = (m[..., None] * B1 + q[..., None] * B2) / n
    def parts(k):
        kd = k @ DELTA.T
        kb = k @ BETA.T
        xi = -MU + 2 * T1 * np.cos(kd).sum(-1) + 2 * T2 * np.cos(kb).sum(-1)
        gi = 2 / (3 * S3) * np.sin(kd).sum(-1)
        g = 2 / 3 * np.sin(kd) @ DELTA
        h = np.zeros(k.shape[:-1] + (2, 2), complex)
        h[..., 0, 0] = xi + LAM * gi
        h[..., 1, 1] = xi - LAM * gi
        h[..., 0, 1] = ALPHA * (-g[..., 1] - 1j * g[..., 0])
        h[..., 1, 0] = ALPHA * (-g[..., 1] + 1j * g[..., 0])
        return h, gi
    h, gi = parts(k)
    hm, _ = parts(-k)
    psi = delta0 * np.cos(chi)
    dz = delta0 * np.sin(chi) * gi
    gap = np.zeros_like(h)
    gap[..., 0, 1] = psi + dz
    gap[..., 1, 0] = -psi + dz
    H = np.zeros(k.shape[:-1] + (4, 4), complex)
    H[..., :2, :2] = h
    H[..., :2, 2:] = gap
    H[..., 2:, :2] = np.conj(np.swapaxes(gap, -1, -2))
    H[..., 2:, 2:] = -np.conj(hm)
    return H


def ldos(E, U, omega, eta, v0):
    n = E.shape[0]
    r = 1 / (omega + 1j * eta - E)                      # (n, n, 4)
    G = np.einsum("...an,...n,...bn->...ab", U, r, np.conj(U), optimize=True)
    g0 = G.mean(axis=(0, 1))
    V = np.diag([v0, v0, -v0, -v0]).astype(complex)
    T = np.linalg.solve(np.eye(4) - V @ g0, V)
    GR = np.fft.ifft2(G, axes=(0, 1))                   # (1/N²) Σ_k e^{ik·R} G(k)
    GmR = np.roll(np.flip(GR, axis=(0, 1)), 1, axis=(0, 1))
    prod = np.einsum("...sa,ab,...bs->...", GR[..., :2, :], T, GmR[..., :, :2], optimize=True)
    return -prod.imag / np.pi


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--energies", default="8,12")
    ap.add_argument("--dump")
    ap.add_argument("--eigensystem", action="store_true")
    a = ap.parse_args()
    if a.eigensystem:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            np.linalg.eigh(hamiltonians(a.n, 20.0, 0.3))
            best = min(best, time.perf_counter() - start)
        print(f"{best:.6f}")
        return
    H = hamiltonians(a.n, 20.0, 0.3)
    E, U = np.linalg.eigh(H)
    energies = [float(x) for x in a.energies.split(",")]
    out, start = [], time.perf_counter()
    for omega in energies:
        rho = ldos(E, U, omega, 2.0, 200.0)
        np.abs(np.fft.fft2(rho))  # the QPI map, as QPIKit computes it per energy
        out.append(rho)
    per_energy = (time.perf_counter() - start) / len(energies)
    if a.dump:
        np.save(a.dump, np.array(out))
    print(f"{per_energy:.6f}")


if __name__ == "__main__":
    main()
