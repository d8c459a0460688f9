// Thin shim over HDF5 (serial). HDF5's type and flag "constants" are macros that call
// H5open() and read globals Swift cannot import; each gets a getter here.
#include <hdf5.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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
//   length of 4 GB became 4 GB of resident zeros before the open failed;
// - a local heap whose free list is longer than the heap could hold (a cycle) is refused as it is
//   read: libhdf5 follows the list without a step limit, allocating a node per step.
typedef struct {
    haddr_t address;      // absolute address of a heap's data block
    uint64_t size;        // its size
    uint64_t head;        // offset of the first free block
} qpi_h5fd_heap_t;

typedef struct {
    H5FD_t base;          // libhdf5's public part; must come first
    int descriptor;
    haddr_t endOfAddress;
    haddr_t endOfFile;
    dev_t device;
    ino_t inode;
    unsigned offsetSize;  // from the superblock; 0 if unknown (no heap checks)
    unsigned lengthSize;
    qpi_h5fd_heap_t heaps[64];   // heap prefixes read whose data block is read separately
    unsigned nextHeap;
} qpi_h5fd_reader_t;

static uint64_t qpi_h5fd_decode(const unsigned char *bytes, unsigned count) {
    uint64_t value = 0;
    for (unsigned i = count; i-- > 0;) value = value << 8 | bytes[i];
    return value;
}

/// The superblock's sizes of addresses and lengths (versions 0–3), searched at 0, 512, 1024, …
static void qpi_h5fd_reader_read_sizes(qpi_h5fd_reader_t *file) {
    static const unsigned char signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    unsigned char bytes[16];
    for (uint64_t location = 0; location + sizeof bytes <= file->endOfFile; location = location ? 2 * location : 512) {
        if (pread(file->descriptor, bytes, sizeof bytes, (off_t)location) != (ssize_t)sizeof bytes) return;
        if (memcmp(bytes, signature, 8) != 0) continue;
        unsigned offsets = bytes[8] <= 1 ? bytes[13] : bytes[9], lengths = bytes[8] <= 1 ? bytes[14] : bytes[10];
        if (bytes[8] <= 3 && offsets >= 2 && offsets <= 8 && lengths >= 2 && lengths <= 8) {
            file->offsetSize = offsets;
            file->lengthSize = lengths;
        }
        return;
    }
}

/// Whether the free list of a local heap data block (`size` bytes, first free block at `head`)
/// ends within as many blocks as the heap can hold, each inside the block.
static int qpi_h5fd_free_list_ends(const unsigned char *data, uint64_t size, uint64_t head, unsigned length) {
    uint64_t steps = size / (2 * (uint64_t)length) + 1;
    for (uint64_t offset = head; offset != 1; offset = qpi_h5fd_decode(data + offset, length)) {
        if (steps-- == 0 || offset >= size || size - offset < 2 * (uint64_t)length) return 0;
    }
    return 1;
}

/// Checks a local heap read at `address`: a prefix ("HEAP", version 0) with its data block in
/// the same read, or a data block whose prefix was read before. Returns 0 to refuse the read.
static int qpi_h5fd_check_local_heap(qpi_h5fd_reader_t *file, haddr_t address, size_t size, const unsigned char *bytes) {
    unsigned offsets = file->offsetSize, lengths = file->lengthSize;
    if (!lengths) return 1;
    size_t fields = 8 + 2 * (size_t)lengths + offsets, prefix = (fields + 7) & ~(size_t)7;
    if (size >= fields && memcmp(bytes, "HEAP", 4) == 0 && bytes[4] == 0) {
        uint64_t dataSize = qpi_h5fd_decode(bytes + 8, lengths), head = qpi_h5fd_decode(bytes + 8 + lengths, lengths);
        haddr_t data = qpi_h5fd_decode(bytes + 8 + 2 * lengths, offsets) + file->base.base_addr;
        if (head == 1) return 1;
        if (data == address + prefix && dataSize <= size - prefix) return qpi_h5fd_free_list_ends(bytes + prefix, dataSize, head, lengths);
        file->heaps[file->nextHeap++ % 64] = (qpi_h5fd_heap_t){data, dataSize, head};
        return 1;
    }
    for (unsigned i = 0; i < 64; i++) {
        const qpi_h5fd_heap_t *heap = &file->heaps[i];
        if (heap->size && heap->address == address && heap->size <= size && !qpi_h5fd_free_list_ends(bytes, heap->size, heap->head, lengths)) return 0;
    }
    return 1;
}

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
    qpi_h5fd_reader_read_sizes(file);
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
    (void)transfer;
    qpi_h5fd_reader_t *file = (qpi_h5fd_reader_t *)base;
    if (address > file->endOfFile || size > file->endOfFile - address) return -1;
    unsigned char *out = buffer;
    haddr_t at = address;
    size_t left = size;
    while (left > 0) {
        ssize_t count = pread(file->descriptor, out, left > (1u << 30) ? (1u << 30) : left, (off_t)at);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) return -1;
        out += count; at += (haddr_t)count; left -= (size_t)count;
    }
    if (type == H5FD_MEM_LHEAP && !qpi_h5fd_check_local_heap(file, address, size, buffer)) return -1;
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
