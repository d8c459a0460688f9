// Thin shim over OpenBLAS (CBLAS) and LAPACKE. The structure form of LAPACK complex
// numbers keeps pointers typed in Swift.
#define HAVE_LAPACK_CONFIG_H
#define LAPACK_COMPLEX_STRUCTURE
#include <cblas.h>
#include <lapacke.h>

// Stops OpenBLAS's worker threads (pthread builds). Not in cblas.h: OpenBLAS exports it for its
// own fork handler; its next threaded call starts the threads again (blas_thread_init).
int blas_thread_shutdown_(void);
