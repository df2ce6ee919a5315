// libqrencode: text to a QR code's module matrix.
#include <qrencode.h>
