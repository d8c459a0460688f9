#!/usr/bin/env python3
"""Refits the classifier's softmax temperature on end-to-end grids: the probabilities that
`qpi classify` gave on `qpi synth` grids of the whole training world (the JSON of
`scripts/robustness_matrix.py --cells "training world"`, made with the model being calibrated).

Temperature scaling (Guo et al. 2017): p_i(T) is proportional to exp(z_i / T), so probabilities
reported at the model's temperature T0 give those at T as p_i^(T0/T), renormalised — also after
`qpi classify` pools its three gap-unit calls, whose normalised geometric mean is the softmax of
their mean logit at the same temperature. T is chosen to
minimise the negative log-likelihood of the true classes (golden section in ln T). Prints NLL and
ECE (10 bins of the top probability) before and after; with --write, stores T in the model file's
metadata (safetensors header, `qpikit.temperature`), leaving the weights untouched.

Development tooling, not part of the product.
Usage: scripts/calibrate_temperature.py RESULTS.json --model MODEL.safetensors [--write]
"""
import argparse
import json
import math
import struct


def read_header(path):
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    return json.loads(data[8:8 + n]), data[8 + n:]


def rescaled(probabilities, ratio):
    weights = {k: v ** ratio if v > 0 else 0.0 for k, v in probabilities.items()}
    total = sum(weights.values())
    return {k: v / total for k, v in weights.items()}


def scores(results, ratio):
    """(mean NLL of the truth, ECE over 10 bins of the top probability) at T = T0 / ratio."""
    nll, calls = 0.0, []
    for r in results:
        p = rescaled(r["probabilities"], ratio)
        nll -= math.log(max(p[r["truth"]], 1e-300))
        top = max(p, key=p.get)
        calls.append((p[top], top == r["truth"]))
    ece = 0.0
    for b in range(10):
        members = [c for c in calls if b / 10 < c[0] <= (b + 1) / 10]
        if members:
            ece += abs(sum(c for c, _ in members) - sum(a for _, a in members)) / len(calls)
    return nll / len(results), ece


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results")
    parser.add_argument("--model", required=True)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    header, weights = read_header(args.model)
    metadata = json.loads(header["__metadata__"]["qpikit"])
    t0 = metadata["temperature"]
    results = [r for cell in json.load(open(args.results)).values() for r in cell if r.get("probabilities")]
    lo, hi = math.log(0.2), math.log(5.0)
    golden = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        a, b = hi - golden * (hi - lo), lo + golden * (hi - lo)
        if scores(results, t0 / math.exp(a))[0] < scores(results, t0 / math.exp(b))[0]:
            hi = b
        else:
            lo = a
    t = math.exp((lo + hi) / 2)
    right = sum(max(r["probabilities"], key=r["probabilities"].get) == r["truth"] for r in results)
    print(f"{len(results)} grids, {right} right ({100 * right / len(results):.1f} %)")
    for label, temperature in (("model", t0), ("refitted", t)):
        nll, ece = scores(results, t0 / temperature)
        print(f"{label}: T = {temperature:.4f}, NLL {nll:.4f}, ECE {ece:.4f}")
    if args.write:
        metadata["temperature"] = t
        header["__metadata__"]["qpikit"] = json.dumps(metadata, separators=(",", ":"), ensure_ascii=False)
        text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
        text += b" " * (-len(text) % 8)
        with open(args.model + ".tmp", "wb") as f:
            f.write(struct.pack("<Q", len(text)) + text + weights)
        import os
        os.replace(args.model + ".tmp", args.model)
        print(f"wrote T = {t:.4f} into {args.model}")


if __name__ == "__main__":
    main()
