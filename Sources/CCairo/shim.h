// Thin shim over Cairo (figures and reports).
#include <cairo.h>
#include <cairo-pdf.h>
