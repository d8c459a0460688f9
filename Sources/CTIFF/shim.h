// Thin shim over libtiff 4. TIFFGetField/TIFFSetField are variadic and not imported by
// Swift, so each tag type gets a typed wrapper here.
#include <tiffio.h>
#include <stdint.h>

static inline int qpi_tiff_get_u16(TIFF *t, uint32_t tag, uint16_t *v) { return TIFFGetFieldDefaulted(t, tag, v); }
static inline int qpi_tiff_get_u32(TIFF *t, uint32_t tag, uint32_t *v) { return TIFFGetFieldDefaulted(t, tag, v); }
static inline int qpi_tiff_get_float(TIFF *t, uint32_t tag, float *v) { return TIFFGetField(t, tag, v); }
static inline int qpi_tiff_get_string(TIFF *t, uint32_t tag, const char **v) { return TIFFGetField(t, tag, v); }
static inline int qpi_tiff_set_u16(TIFF *t, uint32_t tag, uint16_t v) { return TIFFSetField(t, tag, v); }
static inline int qpi_tiff_set_u32(TIFF *t, uint32_t tag, uint32_t v) { return TIFFSetField(t, tag, v); }
static inline int qpi_tiff_set_float(TIFF *t, uint32_t tag, float v) { return TIFFSetField(t, tag, (double)v); }
static inline int qpi_tiff_set_string(TIFF *t, uint32_t tag, const char *v) { return TIFFSetField(t, tag, v); }
static inline int qpi_tiff_set_pages(TIFF *t, uint16_t page, uint16_t count) { return TIFFSetField(t, TIFFTAG_PAGENUMBER, page, count); }

/// Silences libtiff's default stderr handlers; errors surface through return values.
static inline void qpi_tiff_silence(void) { TIFFSetErrorHandler(NULL); TIFFSetWarningHandler(NULL); }
