// Thin shim over libpng 1.6. Only the simplified API (png_image_*) is used: it reports
// errors by return value, not by longjmp across Swift frames.
#include <png.h>

static inline png_uint_32 qpi_png_format_gray(void) { return PNG_FORMAT_GRAY; }
static inline png_uint_32 qpi_png_format_linear_y(void) { return PNG_FORMAT_LINEAR_Y; }
static inline png_uint_32 qpi_png_format_rgb(void) { return PNG_FORMAT_RGB; }
static inline png_uint_32 qpi_png_image_version(void) { return PNG_IMAGE_VERSION; }
static inline png_uint_32 qpi_png_format_flag_linear(void) { return PNG_FORMAT_FLAG_LINEAR; }
static inline png_uint_32 qpi_png_format_flag_color(void) { return PNG_FORMAT_FLAG_COLOR; }
