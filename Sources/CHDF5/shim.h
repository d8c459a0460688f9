// Thin shim over HDF5 (serial). HDF5's type and flag "constants" are macros that call
// H5open() and read globals Swift cannot import; each gets a getter here.
#include <hdf5.h>

static inline hid_t qpi_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t qpi_h5s_all(void) { return H5S_ALL; }
/// Read-only with single-writer/multiple-reader access: libhdf5 then reads metadata without its
/// metadata accumulator, whose failed reallocation on a damaged file leaves a NULL buffer that
/// a later read copies from (libhdf5 1.10.8, H5F__accum_read).
static inline unsigned qpi_h5f_acc_rdonly_swmr(void) { return H5F_ACC_RDONLY | H5F_ACC_SWMR_READ; }
static inline unsigned qpi_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline hid_t qpi_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t qpi_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t qpi_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t qpi_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t qpi_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t qpi_c_s1(void) { return H5T_C_S1; }
static inline void qpi_h5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
