# QPIKit — the two commands of the README:
#   make demo   install what is missing, build (release), run the main job on a bundled sample
#   make test   install what is missing, build (release), run the whole test suite
# Everything else here is a helper of those two.

SWIFT    ?= swift
CONFIG   ?= release
QPI      := .build/$(CONFIG)/qpi
# Let the compiler use this machine's vector units (AVX2/FMA here): the simulator's SIMD loops
# run about 1.3x faster than with the baseline x86-64 target.
SWIFTFLAGS ?= -Xswiftc -target-cpu -Xswiftc native
OUT      ?= out

# Debian packages: the native libraries, pkg-config, and the independent clients the tests use
# (HDF5 and TIFF tools, Chromium, Python with jsonschema, numpy and Pillow, Gwyddion).
APT_PACKAGES := pkg-config libhdf5-dev libfftw3-dev libopenblas-dev liblapacke-dev libpng-dev \
                libtiff-dev libcairo2-dev zlib1g-dev fonts-dejavu-core hdf5-tools libtiff-tools \
                chromium python3-jsonschema python3-venv python3-numpy python3-pil gwyddion
# Reference clients from PyPI, in a virtual environment on Debian's Python (tests only, never the product).
VENV         := .build/venv
PIP_PACKAGES := safetensors igor2 createc pandas gwyfile access2thematrix rhkpy
PIP_MODULES  := safetensors,igor2,createc,gwyfile,access2thematrix,rhkpy

.PHONY: all deps pydeps build demo test bench clean

all: build

## deps: install the Debian packages that are missing (as root, or through sudo).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## pydeps: the PyPI reference clients of the tests, in $(VENV) (sees Debian's Python packages too).
pydeps: deps
	@if ! $(VENV)/bin/python3 -c "import $(PIP_MODULES)" 2>/dev/null; then \
	  echo "installing into $(VENV): $(PIP_PACKAGES)"; \
	  /usr/bin/python3 -m venv --system-site-packages $(VENV) && $(VENV)/bin/pip install --quiet $(PIP_PACKAGES); \
	fi

## build: compile the qpi tool in release mode.
build: deps
	$(SWIFT) build -c $(CONFIG) $(SWIFTFLAGS)

## demo: the README's first command — analyse the bundled synthetic lab grid (drift correction,
## classification of the pairing channel, comparison with the simulator, report), and convert
## the bundled Nanonis grid to HDF5 and to a Fiji-ready TIFF.
demo: build
	@mkdir -p $(OUT)
	$(QPI) info samples/demo_grid.3ds
	$(QPI) convert samples/demo_grid.3ds $(OUT)/demo_grid.h5
	$(QPI) convert $(OUT)/demo_grid.h5 $(OUT)/demo_grid.tif
	$(QPI) analyze samples/synthetic_grid.h5 --out $(OUT)/report
	@echo
	@echo "Done. Open $(OUT)/report/index.html: the pairing channel of samples/synthetic_grid.h5"
	@echo "(a synthetic nematic E' grid made by qpi synth) with its probabilities, the drift-corrected"
	@echo "topograph, the spectrum and gap, the QPI maps beside the simulated best match, and"
	@echo "$(OUT)/report/figure.pdf. $(OUT)/demo_grid.h5 and $(OUT)/demo_grid.tif are conversions of a Nanonis grid."

## test: the README's second command — the whole suite, in release mode.
test: pydeps
	$(SWIFT) test -c $(CONFIG) $(SWIFTFLAGS)

## bench: benchmarks (not part of the tests); see docs/performance.md.
bench: build
	bash Benchmarks/run.sh

clean:
	rm -rf .build $(OUT)
