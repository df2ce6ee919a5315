// pango's text layout drawn with cairo (fontconfig picks the CJK font).
#include <pango/pangocairo.h>
