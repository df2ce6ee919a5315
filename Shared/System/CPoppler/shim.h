// poppler parses uploaded PDF scans (the document and its pages; nothing is rendered).
#include <poppler.h>
