#!/usr/bin/env bash
# Builds a libFuzzer binary for QPIKit's readers and runs it.
#   bash Fuzz/run.sh FORMAT [SECONDS] [RUNS]   FORMAT: 3ds sxm dat createc tif png h5 gwy wsxm ibw vert asc sm4 mtrx
#   (stops after SECONDS, default 600, or after RUNS executions when given)
# Seeds are the small valid files of Fuzz/seeds/FORMAT/ (Fuzz/make_seeds.py and qpi's writers);
# crashes are written to Fuzz/crashes/FORMAT/ and, once fixed, kept in Fuzz/regressions/FORMAT/,
# which Tests/FormatsTests/FuzzRegressionTests.swift reads on every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
format=${1:?format}; seconds=${2:-600}; runs=${3:--1}
build=.build-fuzz; mkdir -p "$build" "Fuzz/corpus/$format" "Fuzz/crashes/$format"
if [ ! -x "$build/fuzz" ] || [ -n "$(find Sources/QPICore Sources/Formats Sources/CHDF5 Fuzz/FuzzReaders.swift -newer "$build/fuzz" 2>/dev/null)" ]; then
  # One module of QPICore and Formats (their imports of each other dropped); SHA-256 (swift-crypto)
  # is left out: no reader uses it.
  src="$build/src"; rm -rf "$src"; mkdir -p "$src"
  for f in Sources/QPICore/*.swift Sources/Formats/*.swift; do
    case $f in */FileDigest.swift) continue ;; esac
    sed '/^import QPICore$/d' "$f" > "$src/$(basename "$(dirname "$f")")_$(basename "$f")"
  done
  maps=""; for lib in CHDF5 CPNG CTIFF CZlib CFFTW; do maps="$maps -Xcc -fmodule-map-file=Sources/$lib/module.modulemap"; done
  swiftc -O -parse-as-library -sanitize=fuzzer,address -module-name Formats \
    $maps -I /usr/include/hdf5/serial -I /usr/include/libpng16 -I /usr/include/x86_64-linux-gnu \
    -L /usr/lib/x86_64-linux-gnu/hdf5/serial -lhdf5 -lpng16 -ltiff -lz -lfftw3 \
    "$src"/*.swift Fuzz/FuzzReaders.swift -o "$build/fuzz"
fi
for s in Fuzz/seeds/"$format"/*; do [ -f "$s" ] && cp -n "$s" "Fuzz/corpus/$format/" || true; done
# Memory findings are resident memory above 4 GB (-rss_limit_mb). A single allocation is not one by
# itself (-malloc_limit_mb, which otherwise equals the RSS limit): libhdf5 asks for 4 GB for a damaged
# metadata length, never touches it and fails the read (68 MB resident, 0.1 s).
ASAN_OPTIONS="suppressions=Fuzz/asan.supp:allocator_may_return_null=1" LSAN_OPTIONS="suppressions=Fuzz/lsan.supp" QPI_FUZZ_FORMAT=$format "$build/fuzz" "Fuzz/corpus/$format" -max_total_time="$seconds" -runs="$runs" -max_len=65536 \
  -rss_limit_mb=4096 -malloc_limit_mb=65536 -artifact_prefix="Fuzz/crashes/$format/" -print_final_stats=1
