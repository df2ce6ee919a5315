// libxlsxwriter: writes .xlsx workbooks (list exports).
#include <xlsxwriter.h>
