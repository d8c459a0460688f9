#!/usr/bin/env bash
# Builds a libFuzzer binary for QPIKit's readers and runs it.
#   bash Fuzz/run.sh FORMAT [SECONDS]      FORMAT: 3ds sxm dat createc tif png h5
# Seeds come from samples/ and ../shared/data; crashes are written to Fuzz/crashes/FORMAT/ and
# belong in Tests/FormatsTests/FuzzRegressionTests.swift once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
format=${1:?format}; seconds=${2:-600}
build=.build-fuzz; mkdir -p "$build" "Fuzz/corpus/$format" "Fuzz/crashes/$format"
if [ ! -x "$build/fuzz" ] || [ -n "$(find Sources/Formats Fuzz/FuzzReaders.swift -newer "$build/fuzz" 2>/dev/null)" ]; then
  maps=""; for lib in CHDF5 CPNG CTIFF CZlib; do maps="$maps -Xcc -fmodule-map-file=Sources/$lib/module.modulemap"; done
  swiftc -O -parse-as-library -sanitize=fuzzer,address -module-name Formats \
    $maps -I /usr/include/hdf5/serial -I /usr/include/libpng16 -I /usr/include/x86_64-linux-gnu \
    -L /usr/lib/x86_64-linux-gnu/hdf5/serial -lhdf5 -lpng16 -ltiff -lz \
    Sources/Formats/*.swift Fuzz/FuzzReaders.swift -o "$build/fuzz"
fi
case $format in
  3ds) seeds="samples/*.3ds ../shared/data/nanonis/*.3ds" ;;
  sxm) seeds="../shared/data/nanonis/*.sxm" ;;
  dat) seeds="../shared/data/nanonis/*.dat" ;;
  createc) seeds="../shared/data/createc/*.dat" ;;
  *) seeds="" ;;
esac
for s in $seeds; do [ -f "$s" ] && cp -n "$s" "Fuzz/corpus/$format/" || true; done
QPI_FUZZ_FORMAT=$format "$build/fuzz" "Fuzz/corpus/$format" -max_total_time="$seconds" -max_len=4000000 \
  -rss_limit_mb=4096 -artifact_prefix="Fuzz/crashes/$format/" -print_final_stats=1
