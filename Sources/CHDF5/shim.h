// Thin shim over HDF5 (serial). HDF5's type and flag "constants" are macros that call
// H5open() and read globals Swift cannot import; each gets a getter here.
#include <hdf5.h>

static inline hid_t qpi_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t qpi_h5s_all(void) { return H5S_ALL; }
static inline unsigned qpi_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned qpi_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline hid_t qpi_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t qpi_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t qpi_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t qpi_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t qpi_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t qpi_c_s1(void) { return H5T_C_S1; }
static inline void qpi_h5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/// A file access property list that reads one ordinary HDF5 file without libhdf5's metadata
/// accumulator: the multi-file driver with every kind of data mapped to the file itself ("%s",
/// from address 0), which does not accumulate metadata. In libhdf5 1.10.8 a failed accumulator
/// reallocation on a damaged file leaves a NULL buffer that the next metadata read copies from.
/// Returns a negative id on failure; the caller closes the list.
static inline hid_t qpi_h5p_unaccumulated_file_access(void) {
    hid_t list = H5Pcreate(H5P_FILE_ACCESS);
    if (list < 0) return list;
    H5FD_mem_t map[H5FD_MEM_NTYPES];
    hid_t member[H5FD_MEM_NTYPES];
    const char *name[H5FD_MEM_NTYPES];
    haddr_t address[H5FD_MEM_NTYPES];
    for (int type = 0; type < H5FD_MEM_NTYPES; type++) {
        map[type] = H5FD_MEM_SUPER;
        member[type] = H5P_DEFAULT;
        name[type] = "%s";
        address[type] = 0;
    }
    if (H5Pset_fapl_multi(list, map, member, name, address, 0) < 0) {
        H5Pclose(list);
        return -1;
    }
    return list;
}
