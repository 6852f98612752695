#ifndef VEIL_CBLAS_SHIM_H
#define VEIL_CBLAS_SHIM_H
// Debian's libopenblas-dev installs <cblas.h> through update-alternatives
// (/usr/include/x86_64-linux-gnu/cblas.h -> openblas-pthread/cblas.h).
#include <cblas.h>

// OpenBLAS extension, declared again here in case the cblas.h alternative points at
// another BLAS's header (the prototype is identical, so a second declaration is harmless).
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif
