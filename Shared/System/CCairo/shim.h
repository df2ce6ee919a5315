// cairo with its PDF surface (agreement and report PDFs) and image surface (tests, previews).
#include <cairo.h>
#include <cairo-pdf.h>
