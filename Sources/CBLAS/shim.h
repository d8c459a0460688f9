// Thin shim over OpenBLAS (CBLAS) and LAPACKE. The structure form of LAPACK complex
// numbers keeps pointers typed in Swift.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  // RTLD_DEFAULT
#endif
#define HAVE_LAPACK_CONFIG_H
#define LAPACK_COMPLEX_STRUCTURE
#include <cblas.h>
#include <lapacke.h>
#include <dlfcn.h>

// Stops OpenBLAS's worker threads. Not in cblas.h: the pthread and OpenMP builds export
// blas_thread_shutdown_ for their own fork handler, and their next threaded call starts the
// threads again; a serial build has neither, so the symbol is looked up at run time and any
// OpenBLAS build still loads.
static inline void qpikit_openblas_stop_threads(void) {
    int (*shutdown)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "blas_thread_shutdown_");
    if (shutdown) shutdown();
}
