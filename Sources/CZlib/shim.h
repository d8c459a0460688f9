// Thin shim over zlib: inflate for Createc's compressed data, crc32 for PNG chunks.
#include <zlib.h>
