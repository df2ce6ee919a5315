// gdk-pixbuf decodes uploaded JPEG and PNG scans (its built-in libjpeg and libpng loaders).
#include <gdk-pixbuf/gdk-pixbuf.h>
