// Forwards the libpq functions AgentInbox calls to libpq.so.5, opened on first use
// (include/CLibpq.h says why). A function missing from the library aborts with its name.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "CLibpq.h"

static void *pq_handle(void) {
    static void *handle;
    void *h = __atomic_load_n(&handle, __ATOMIC_ACQUIRE);
    if (h == NULL) {
        h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
        if (h != NULL) __atomic_store_n(&handle, h, __ATOMIC_RELEASE);
    }
    return h;
}

int inbox_pq_load(char *error, unsigned long size) {
    if (pq_handle() != NULL) return 1;
    if (error != NULL && size > 0) {
        const char *why = dlerror();
        snprintf(error, size, "%s", why != NULL ? why : "libpq.so.5 cannot be opened");
    }
    return 0;
}

static void *pq_symbol(const char *name) {
    void *h = pq_handle();
    void *f = h != NULL ? dlsym(h, name) : NULL;
    if (f == NULL) {
        fprintf(stderr, "inbox: libpq.so.5 (Debian: libpq5) lacks %s or cannot be opened\n", name);
        abort();
    }
    return f;
}

// Each forward looks its target up once; the pointer is the same for every thread.
#define PQ_FORWARD(ret, name, params, args)                                  \
    ret name params {                                                        \
        static ret(*target) params;                                          \
        ret(*f) params = __atomic_load_n(&target, __ATOMIC_ACQUIRE);          \
        if (f == NULL) {                                                     \
            f = (ret(*) params)pq_symbol(#name);                             \
            __atomic_store_n(&target, f, __ATOMIC_RELEASE);                  \
        }                                                                    \
        return f args;                                                       \
    }

// The same for a function that returns nothing.
#define PQ_FORWARD_VOID(name, params, args)                                   \
    void name params {                                                       \
        static void(*target) params;                                         \
        void(*f) params = __atomic_load_n(&target, __ATOMIC_ACQUIRE);         \
        if (f == NULL) {                                                     \
            f = (void(*) params)pq_symbol(#name);                            \
            __atomic_store_n(&target, f, __ATOMIC_RELEASE);                  \
        }                                                                    \
        f args;                                                              \
    }

PQ_FORWARD(PGconn *, PQconnectdbParams,
           (const char *const *keywords, const char *const *values, int expand_dbname),
           (keywords, values, expand_dbname))
PQ_FORWARD_VOID(PQfinish, (PGconn * conn), (conn))
PQ_FORWARD(ConnStatusType, PQstatus, (const PGconn *conn), (conn))
PQ_FORWARD(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))
PQ_FORWARD(int, PQserverVersion, (const PGconn *conn), (conn))
PQ_FORWARD(char *, PQerrorMessage, (const PGconn *conn), (conn))
PQ_FORWARD(int, PQsocket, (const PGconn *conn), (conn))
PQ_FORWARD(int, PQbackendPID, (const PGconn *conn), (conn))
PQ_FORWARD(const char *, PQparameterStatus, (const PGconn *conn, const char *paramName), (conn, paramName))
PQ_FORWARD(PQconninfoOption *, PQconninfoParse, (const char *conninfo, char **errmsg), (conninfo, errmsg))
PQ_FORWARD_VOID(PQconninfoFree, (PQconninfoOption * connOptions), (connOptions))
PQ_FORWARD(PGresult *, PQexec, (PGconn * conn, const char *query), (conn, query))
PQ_FORWARD(PGresult *, PQexecParams,
           (PGconn * conn, const char *command, int nParams, const Oid *paramTypes,
            const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat),
           (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))
PQ_FORWARD(PGresult *, PQprepare,
           (PGconn * conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes),
           (conn, stmtName, query, nParams, paramTypes))
PQ_FORWARD(PGresult *, PQexecPrepared,
           (PGconn * conn, const char *stmtName, int nParams, const char *const *paramValues,
            const int *paramLengths, const int *paramFormats, int resultFormat),
           (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))
PQ_FORWARD(int, PQconsumeInput, (PGconn * conn), (conn))
PQ_FORWARD(int, PQisBusy, (PGconn * conn), (conn))
PQ_FORWARD(int, PQsendQuery, (PGconn * conn, const char *query), (conn, query))
PQ_FORWARD(PGresult *, PQgetResult, (PGconn * conn), (conn))
PQ_FORWARD(int, PQputCopyData, (PGconn * conn, const char *buffer, int nbytes), (conn, buffer, nbytes))
PQ_FORWARD(int, PQputCopyEnd, (PGconn * conn, const char *errormsg), (conn, errormsg))
PQ_FORWARD(PGnotify *, PQnotifies, (PGconn * conn), (conn))
PQ_FORWARD(ExecStatusType, PQresultStatus, (const PGresult *res), (res))
PQ_FORWARD(char *, PQresultErrorMessage, (const PGresult *res), (res))
PQ_FORWARD(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))
PQ_FORWARD(int, PQntuples, (const PGresult *res), (res))
PQ_FORWARD(int, PQnfields, (const PGresult *res), (res))
PQ_FORWARD(char *, PQfname, (const PGresult *res, int field_num), (res, field_num))
PQ_FORWARD(int, PQfnumber, (const PGresult *res, const char *field_name), (res, field_name))
PQ_FORWARD(Oid, PQftype, (const PGresult *res, int field_num), (res, field_num))
PQ_FORWARD(int, PQfformat, (const PGresult *res, int field_num), (res, field_num))
PQ_FORWARD(char *, PQcmdStatus, (PGresult * res), (res))
PQ_FORWARD(char *, PQcmdTuples, (PGresult * res), (res))
PQ_FORWARD(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
PQ_FORWARD(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
PQ_FORWARD(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
PQ_FORWARD_VOID(PQclear, (PGresult * res), (res))
PQ_FORWARD_VOID(PQfreemem, (void *ptr), (ptr))
PQ_FORWARD(char *, PQescapeLiteral, (PGconn * conn, const char *str, size_t len), (conn, str, len))
PQ_FORWARD(char *, PQescapeIdentifier, (PGconn * conn, const char *str, size_t len), (conn, str, len))
