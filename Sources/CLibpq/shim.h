// libpq, PostgreSQL's client library (Debian: libpq-dev), included by path: no pkgConfig.
#include <postgresql/libpq-fe.h>
