#ifndef CINBOXSQLITE_H
#define CINBOXSQLITE_H

/// Process-wide SQLite settings that only C can make (sqlite3_config is variadic).
///
/// Sets SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS) on or off. With them on, every
/// sqlite3_malloc and sqlite3_free takes one global mutex, so two threads writing two
/// databases at once (an import's store writer and its index writer) queue on that mutex
/// thousands of times a second. AgentInbox turns them off; only a benchmark that reports
/// sqlite3_memory_used() keeps them.
///
/// Must run before SQLite initializes, i.e. before the first connection opens; later it
/// changes nothing. Returns the SQLite result code (0 on success, 21 when it came too late).
int inbox_sqlite_configure(int memory_statistics);

#endif
