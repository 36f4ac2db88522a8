// keydesk_contains as an SQLite loadable extension, so the sqlite3 shell baseline in
// bench/inventory_scale.sh runs exactly the SQL the app runs:  .load build/bench/libkeydesk_contains
#include "storage/FoldedContains.h"

#include <sqlite3.h>

extern "C" int sqlite3_extension_init(sqlite3* connection, char** /*error*/, const void* /*api*/)
{
    // The shell links the same shared libsqlite3, so the function is registered directly.
    return FoldedContains::registerFunction(connection);
}
