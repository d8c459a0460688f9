// Thin shim over FFTW 3. FFTW_NO_Complex keeps fftw_complex a plain double[2] that Swift imports.
#define FFTW_NO_Complex
#include <fftw3.h>
