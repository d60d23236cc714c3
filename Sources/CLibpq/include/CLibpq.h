// libpq, PostgreSQL's client library (Debian: libpq-dev for this header, libpq5 at run time).
//
// The functions are NOT linked: `pq_lazy.c` defines each one the store calls and forwards it to
// libpq.so.5, opened with dlopen on first use. Linking libpq would load it and the 21 libraries
// it needs (Kerberos, LDAP, GnuTLS…) in every `inbox` command, about 4 ms of start-up, although
// only a `postgresql://` store uses them.
#include <postgresql/libpq-fe.h>

/// Opens libpq.so.5 if it is not open yet. Returns 1 when it is usable; 0 otherwise, with
/// dlerror()'s text (or a fixed message) copied into `error` (at most `size` bytes, terminated).
/// Call it before the first PQ function: a PQ function called without libpq aborts the process.
int inbox_pq_load(char *error, unsigned long size);
