// Thin shim over HDF5 (serial). HDF5's type and flag "constants" are macros that call
// H5open() and read globals Swift cannot import; each gets a getter here.
#include <hdf5.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

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
/// The number of HDF5 objects (files, groups, datasets, types, attributes) open in this process.
static inline ssize_t qpi_h5_open_objects(void) { return H5Fget_obj_count((hid_t)H5F_OBJ_ALL, H5F_OBJ_ALL); }
static inline void qpi_h5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }


// QPIKit's read-only file driver ("qpikit-reader"): POSIX reads like libhdf5's sec2 driver, with
// two differences that keep damaged files from crashing or swamping the library (libhdf5 1.10.8):
// - no metadata accumulator (not advertised): a failed accumulator reallocation on a damaged file
//   leaves a NULL buffer that the next metadata read copies from;
// - a read past the end of the file is an error, not zero-filled: sec2 zero-fills, so a damaged
//   length of 4 GB became 4 GB of resident zeros before the open failed.
typedef struct {
    H5FD_t base;          // libhdf5's public part; must come first
    int descriptor;
    haddr_t endOfAddress;
    haddr_t endOfFile;
    dev_t device;
    ino_t inode;
} qpi_h5fd_reader_t;

static H5FD_t *qpi_h5fd_reader_open(const char *name, unsigned flags, hid_t access, haddr_t maximum) {
    (void)access; (void)maximum;
    if (flags & (H5F_ACC_RDWR | H5F_ACC_TRUNC | H5F_ACC_CREAT)) return NULL;
    int descriptor = open(name, O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return NULL;
    struct stat status;
    qpi_h5fd_reader_t *file = NULL;
    if (fstat(descriptor, &status) < 0 || !(file = calloc(1, sizeof *file))) { close(descriptor); return NULL; }
    file->descriptor = descriptor;
    file->endOfFile = (haddr_t)status.st_size;
    file->device = status.st_dev;
    file->inode = status.st_ino;
    return &file->base;
}

static herr_t qpi_h5fd_reader_close(H5FD_t *base) {
    qpi_h5fd_reader_t *file = (qpi_h5fd_reader_t *)base;
    int status = close(file->descriptor);
    free(file);
    return status < 0 ? -1 : 0;
}

static int qpi_h5fd_reader_compare(const H5FD_t *a, const H5FD_t *b) {
    const qpi_h5fd_reader_t *x = (const qpi_h5fd_reader_t *)a, *y = (const qpi_h5fd_reader_t *)b;
    if (x->device != y->device) return x->device < y->device ? -1 : 1;
    if (x->inode != y->inode) return x->inode < y->inode ? -1 : 1;
    return 0;
}

static herr_t qpi_h5fd_reader_query(const H5FD_t *file, unsigned long *flags) {
    (void)file;
    if (flags) *flags = H5FD_FEAT_AGGREGATE_METADATA | H5FD_FEAT_DATA_SIEVE | H5FD_FEAT_AGGREGATE_SMALLDATA;
    return 0;
}

static haddr_t qpi_h5fd_reader_get_eoa(const H5FD_t *file, H5FD_mem_t type) {
    (void)type;
    return ((const qpi_h5fd_reader_t *)file)->endOfAddress;
}

static herr_t qpi_h5fd_reader_set_eoa(H5FD_t *file, H5FD_mem_t type, haddr_t address) {
    (void)type;
    ((qpi_h5fd_reader_t *)file)->endOfAddress = address;
    return 0;
}

static haddr_t qpi_h5fd_reader_get_eof(const H5FD_t *file, H5FD_mem_t type) {
    (void)type;
    return ((const qpi_h5fd_reader_t *)file)->endOfFile;
}

static herr_t qpi_h5fd_reader_read(H5FD_t *base, H5FD_mem_t type, hid_t transfer, haddr_t address, size_t size, void *buffer) {
    (void)type; (void)transfer;
    qpi_h5fd_reader_t *file = (qpi_h5fd_reader_t *)base;
    if (address > file->endOfFile || size > file->endOfFile - address) return -1;
    unsigned char *out = buffer;
    while (size > 0) {
        ssize_t count = pread(file->descriptor, out, size > (1u << 30) ? (1u << 30) : size, (off_t)address);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) return -1;
        out += count; address += (haddr_t)count; size -= (size_t)count;
    }
    return 0;
}

static herr_t qpi_h5fd_reader_write(H5FD_t *file, H5FD_mem_t type, hid_t transfer, haddr_t address, size_t size, const void *buffer) {
    (void)file; (void)type; (void)transfer; (void)address; (void)size; (void)buffer;
    return -1;
}

static herr_t qpi_h5fd_reader_lock(H5FD_t *file, hbool_t write) { (void)file; (void)write; return 0; }
static herr_t qpi_h5fd_reader_unlock(H5FD_t *file) { (void)file; return 0; }

/// Registers the read-only driver (once per call; QPIKit calls it once) and returns its id.
static inline hid_t qpi_h5fd_reader_register(void) {
    static const H5FD_class_t driver = {
        .name = "qpikit-reader",
        .maxaddr = ((haddr_t)1 << 62) - 1,
        .fc_degree = H5F_CLOSE_WEAK,
        .open = qpi_h5fd_reader_open,
        .close = qpi_h5fd_reader_close,
        .cmp = qpi_h5fd_reader_compare,
        .query = qpi_h5fd_reader_query,
        .get_eoa = qpi_h5fd_reader_get_eoa,
        .set_eoa = qpi_h5fd_reader_set_eoa,
        .get_eof = qpi_h5fd_reader_get_eof,
        .read = qpi_h5fd_reader_read,
        .write = qpi_h5fd_reader_write,
        .lock = qpi_h5fd_reader_lock,
        .unlock = qpi_h5fd_reader_unlock,
        .fl_map = H5FD_FLMAP_DICHOTOMY,
    };
    return H5FDregister(&driver);
}
