#include "CInboxSQLite.h"
#include <sqlite3.h>

int inbox_sqlite_configure(int memory_statistics) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, memory_statistics ? 1 : 0);
}
