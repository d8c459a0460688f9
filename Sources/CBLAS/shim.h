// Thin shim over OpenBLAS (CBLAS) and LAPACKE. The structure form of LAPACK complex
// numbers keeps pointers typed in Swift.
#define HAVE_LAPACK_CONFIG_H
#define LAPACK_COMPLEX_STRUCTURE
#include <cblas.h>
#include <lapacke.h>
