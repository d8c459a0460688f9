#!/usr/bin/env bash
# QPIKit benchmarks (not tests). Each prints its figure and its ratio to a baseline measured in
# the same run. Usage: bash Benchmarks/run.sh [WORKDIR]   (needs python3 with numpy, GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
QPI=.build/release/qpi
WORK=${1:-$(mktemp -d)}
mkdir -p "$WORK"
FLAGS=(-Xswiftc -target-cpu -Xswiftc native)   # as the Makefile builds
[ -x "$QPI" ] || swift build -c release "${FLAGS[@]}"

echo "== convert: 200 MB Nanonis .3ds -> HDF5"
python3 scripts/make_sample_3ds.py "$WORK/big.3ds" --nx 200 --ny 200 --points 320
bytes=$(stat -c %s "$WORK/big.3ds")
sync
# Baseline: copying the same bytes (read + write through the page cache), in this run.
copy_s=$(python3 -c 'import os,shutil,sys,time; t=time.time(); shutil.copyfile(sys.argv[1], sys.argv[2]); os.sync(); print(time.time()-t)' "$WORK/big.3ds" "$WORK/copy.bin")
rm -f "$WORK/big.h5"
/usr/bin/time -v "$QPI" convert "$WORK/big.3ds" "$WORK/big.h5" 2> "$WORK/time.txt" >/dev/null
qpi_s=$(grep "Elapsed (wall clock)" "$WORK/time.txt" | awk -F': ' '{split($2,a,":"); print a[1]*60+a[2]}')
rss_kb=$(grep "Maximum resident set size" "$WORK/time.txt" | awk -F': ' '{print $2}')
python3 - "$bytes" "$qpi_s" "$copy_s" "$rss_kb" <<'PY'
import sys
size, qpi, copy, rss = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]) * 1024
mb = size / 1e6
print(f"file {mb:.1f} MB: qpi convert {qpi:.2f} s = {mb/qpi:.0f} MB/s (goal >= 300); "
      f"cp baseline {copy:.2f} s = {mb/copy:.0f} MB/s; ratio qpi/cp time {qpi/copy:.2f}")
print(f"peak memory {rss/1e6:.0f} MB = {rss/size:.2f} x data (goal < 1.5)")
PY
rm -f "$WORK/big.3ds" "$WORK/big.h5" "$WORK/copy.bin"

echo "== simulate: per energy on one core, against the FFTW floor and numpy"
swift build -c release --package-path Benchmarks "${FLAGS[@]}" >/dev/null
for n in 256 512; do
  ours=$(Benchmarks/.build/release/QPIBench simulate "$n" 8 double | tee /dev/stderr | awk '/^RESULT/ {print $5}')
  Benchmarks/.build/release/QPIBench simulate "$n" 8 single   # the data sets' path, against its own float FFT floor (goal <= 1.3x)
  numpy=$(python3 Benchmarks/numpy_tmatrix.py "$n" --energies 6,10,14)
  python3 -c "import sys; o, p = float(sys.argv[1]), float(sys.argv[2]); print(f'N={sys.argv[3]}: numpy {p*1e3:.0f} ms per energy; QPIKit is {p/o:.1f}x faster (goal >= 10)')" "$ours" "$numpy" "$n"
done

echo "== eigensystem: H(k) built and diagonalised on the 512 mesh, one core, against numpy.linalg.eigh"
ours=$(taskset -c 0 Benchmarks/.build/release/QPIBench eigensystem 512 5 | tee /dev/stderr | awk '/^RESULT/ {print $4}')
numpy=$(OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 taskset -c 0 python3 Benchmarks/numpy_tmatrix.py 512 --eigensystem)
python3 -c "import sys; o, p = float(sys.argv[1]), float(sys.argv[2]); print(f'numpy (batched LAPACK) {p*1e3:.0f} ms; QPIKit {o*1e3:.1f} ms = {p/o:.1f}x faster (goal: <= 60 ms)')" "$ours" "$numpy"

echo "== simulate end to end: 4 energies at mesh 512 (qpi simulate, whole process), against the numpy script"
wall() { local start; start=$(date +%s.%N); "$@" >/dev/null; python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)"; }
SIM=(simulate --pairing A1p --delta0 20 --mix 0.3 --eta 2 --v0 200 --energies 4,8,12,16 --mesh 512 --out "$WORK/sim512.h5")
cold=$(QPIKIT_FFTW_WISDOM="$WORK/wisdom" wall "$QPI" "${SIM[@]}")
warm=$(QPIKIT_FFTW_WISDOM="$WORK/wisdom" wall "$QPI" "${SIM[@]}")
numpy=$(wall python3 Benchmarks/numpy_tmatrix.py 512 --energies 4,8,12,16)
python3 -c "import sys; c, w, p = map(float, sys.argv[1:]); print(f'numpy script {p:.2f} s; qpi simulate {w:.2f} s with kept FFT plans = {p/w:.1f}x faster (goal >= 10), {c:.2f} s on a first run = {p/c:.1f}x')" "$cold" "$warm" "$numpy"

echo "== data sets: examples per second on both routes (8 maps each), against a baseline binary when given"
# The FFT floor of one reciprocal example: 8 energies x (12 batched inverse + 1 forward) 96-mesh transforms
# (the general route; A1′, A2′ and E′ examples need 6 + 1, so the floor is an upper bound).
floor=$(Benchmarks/.build/release/QPIBench fft 96 | awk '/measure batch 12:/ {b=$6} /measure batch 1:/ {f=$6} END {print 8*(12*b+f)/1000}')
cores=$(nproc)
# BASELINE_QPI=path/to/older/qpi runs the same jobs with that binary in this session.
for route in "reciprocal 200" "real-space 40"; do
  set -- $route
  ours=$(wall "$QPI" dataset --count "$2" --seed 3 --route "$1" --out "$WORK/ds-$1")
  base=""
  [ -n "${BASELINE_QPI:-}" ] && base=$(wall "$BASELINE_QPI" dataset --count "$2" --seed 3 --route "$1" --out "$WORK/base-$1")
  python3 -c "import sys; n, o, floor, cores = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[5]), int(sys.argv[6]); b = sys.argv[4]
line = f'{sys.argv[1]}: {n/o:.1f} examples/s = {8*n/o:.0f} maps/s ({o:.1f} s for {n} on {cores} cores)'
if sys.argv[1] == 'reciprocal': line += f'; {o*cores/n*1e3:.0f} ms per example per core = {o*cores/n/floor:.0f}x its FFT floor ({floor*1e3:.1f} ms)'
if b: line += f'; baseline {n/float(b):.1f} examples/s; ratio {float(b)/o:.1f}x (goal >= 3)'
print(line)" "$1" "$2" "$ours" "$base" "$floor" "$cores"
  rm -rf "$WORK/ds-$1" "$WORK/base-$1"
done

echo "== preprocess: 256 x 256 x 100 grid, against numpy/scipy"
ours=$(Benchmarks/.build/release/QPIBench preprocess 256 100 | tee /dev/stderr | awk '/^RESULT/ {print $3}')
scipy=$(python3 Benchmarks/scipy_preprocess.py 256 100)
python3 -c "import sys; o, p = float(sys.argv[1]), float(sys.argv[2]); print(f'numpy/scipy {p:.3f} s; QPIKit is {p/o:.1f}x faster (goals: <= 0.5 s, >= 20x)')" "$ours" "$scipy"

echo "== classify: one map stack on one core (goal <= 30 ms)"
Benchmarks/.build/release/QPIBench classify 50

echo "== analyze: a 256 x 256 x 40 synthetic grid end to end, report included (goal < 20 s)"
"$QPI" synth --pairing Ep --nematic 0.4 --pixels 256 --ratios="$(python3 -c 'print(",".join(f"{-1.6+3.2*i/39:.4f}" for i in range(40)))')" \
  --snr 8 --out "$WORK/grid40.h5" >/dev/null
start=$(date +%s.%N)
"$QPI" analyze "$WORK/grid40.h5" --out "$WORK/report40" >/dev/null
python3 -c "import sys; t = float(sys.argv[2]) - float(sys.argv[1]); print(f'qpi analyze 256x256x40: {t:.2f} s; ratio to the 20 s goal {t/20:.2f}')" "$start" "$(date +%s.%N)"

echo "== memory: qpi preprocess and qpi analyze of a 512 x 512 x 101 grid, against the file's size (goal <= 2x)"
"$QPI" synth --pairing A1p --mix 0.3 --pixels 512 --lattice-pixels 6 --ratios=-2:2:101 --snr 8 --out "$WORK/grid101.h5" >/dev/null
for command in preprocess analyze; do
  case $command in preprocess) out="$WORK/pre101.h5" ;; analyze) out="$WORK/report101" ;; esac
  /usr/bin/time -v "$QPI" "$command" "$WORK/grid101.h5" --out "$out" 2> "$WORK/time101.txt" >/dev/null
  python3 - "$command" "$(stat -c %s "$WORK/grid101.h5")" "$(grep 'Maximum resident' "$WORK/time101.txt" | awk -F': ' '{print $2}')" \
    "$(grep 'Elapsed (wall clock)' "$WORK/time101.txt" | awk -F': ' '{print $2}')" <<'PY'
import sys
command, size, rss, wall = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) * 1024, sys.argv[4]
print(f"qpi {command}: grid {size/1e6:.0f} MB, peak memory {rss/1e6:.0f} MB = {rss/size:.2f} x the file (goal <= 2), {wall} wall")
PY
done
rm -rf "$WORK/grid101.h5" "$WORK/pre101.h5" "$WORK/report101"

echo "== fit: the simulator refined on a 256 x 256 x 41 grid (goal <= 30 s), against classifying the same grid"
for pairing in "A1p --mix 0.4" "Ep --nematic 0.4 --mix 0.3"; do
  # shellcheck disable=SC2086
  "$QPI" synth --pairing $pairing --pixels 256 --ratios=-2:2:41 --snr 8 --impurities 3 --out "$WORK/fit41.h5" >/dev/null
  start=$(date +%s.%N); "$QPI" classify "$WORK/fit41.h5" >/dev/null; middle=$(date +%s.%N)
  "$QPI" fit "$WORK/fit41.h5" --out "$WORK/fit41_fit.h5" >/dev/null; end=$(date +%s.%N)
  python3 -c "import sys; c = float(sys.argv[2]) - float(sys.argv[1]); f = float(sys.argv[3]) - float(sys.argv[2]); print(f'{sys.argv[4]}: qpi fit {f:.1f} s (goal <= 30 s, reading and classifying included); qpi classify {c:.1f} s; ratio {f/c:.1f}')" "$start" "$middle" "$end" "${pairing%% *}"
done

echo "== read .sxm: every shared Nanonis image converted to HDF5, against copying the bytes"
for f in ../shared/data/nanonis/*.sxm; do
  [ -f "$f" ] || continue
  copy=$(python3 -c 'import shutil,sys,time; t=time.time(); shutil.copyfile(sys.argv[1], sys.argv[2]); print(time.time()-t)' "$f" "$WORK/copy.sxm")
  start=$(date +%s.%N); "$QPI" convert "$f" "$WORK/sxm.h5" >/dev/null; end=$(date +%s.%N)
  python3 -c "import sys,os; t=float(sys.argv[2])-float(sys.argv[1]); c=float(sys.argv[3]); print(f'{os.path.basename(sys.argv[4])}: {os.path.getsize(sys.argv[4])/1e6:.1f} MB in {t*1e3:.0f} ms (process start included); copy {c*1e3:.1f} ms')" "$start" "$end" "$copy" "$f"
done

if [ "${BIG:-0}" = 1 ]; then
  echo "== big inputs: a 1 GB .3ds conversion and a 20,000-map data set (peak memory)"
  python3 scripts/make_sample_3ds.py "$WORK/huge.3ds" --nx 250 --ny 250 --points 1000
  /usr/bin/time -v "$QPI" convert "$WORK/huge.3ds" "$WORK/huge.h5" 2> "$WORK/time1g.txt" >/dev/null
  python3 - "$(stat -c %s "$WORK/huge.3ds")" "$(grep 'Maximum resident' "$WORK/time1g.txt" | awk -F': ' '{print $2}')" <<'PY'
import sys
size, rss = int(sys.argv[1]), int(sys.argv[2]) * 1024
print(f"1 GB .3ds: {size/1e9:.2f} GB, peak memory {rss/1e9:.2f} GB = {rss/size:.2f} x the file (goal < 1.5)")
PY
  rm -f "$WORK/huge.3ds" "$WORK/huge.h5"
  /usr/bin/time -v "$QPI" dataset --count 20000 --seed 1 --out "$WORK/ds20k" 2> "$WORK/time20k.txt" >/dev/null
  echo "qpi dataset 20,000 maps: peak memory $(grep 'Maximum resident' "$WORK/time20k.txt" | awk -F': ' '{print $2}') kB, $(grep 'Elapsed' "$WORK/time20k.txt")"
  rm -rf "$WORK/ds20k"
fi
