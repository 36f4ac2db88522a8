#include "FoldedContains.h"

#include "SqliteHandle.h"

#include <QChar>
#include <QCoreApplication>
#include <memory>
#include <sqlite3.h>
#include <string>
#include <string_view>

namespace {

char32_t fold(char32_t ch)
{
    if (ch < 0x80)
        return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
    return QChar::toCaseFolded(ch);
}

// Decodes UTF-8 and folds, appending to `out`. Invalid bytes become U+FFFD, as SQLite's own readers do.
void appendFolded(const unsigned char* text, int bytes, std::u32string& out)
{
    for (int i = 0; i < bytes;) {
        const unsigned char lead = text[i];
        if (lead < 0x80) {
            out.push_back(fold(lead));
            ++i;
            continue;
        }
        const int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        char32_t ch = length == 4 ? lead & 0x07 : length == 3 ? lead & 0x0F : lead & 0x1F;
        bool valid = length > 1 && i + length <= bytes;
        for (int k = 1; valid && k < length; ++k) {
            valid = (text[i + k] & 0xC0) == 0x80;
            ch = (ch << 6) | (text[i + k] & 0x3F);
        }
        out.push_back(valid ? fold(ch) : char32_t(0xFFFD));
        i += valid ? length : 1;
    }
}

void appendFolded(QStringView text, std::u32string& out)
{
    for (const char32_t ch : text.toUcs4())
        out.push_back(fold(ch));
}

void deleteNeedle(void* needle)
{
    delete static_cast<std::u32string*>(needle);
}

void containsFunction(sqlite3_context* context, int argc, sqlite3_value** argv)
{
    // The needle is the same for every row of a statement: fold it once and keep it with the statement.
    std::u32string firstRow;
    const auto* needle = static_cast<const std::u32string*>(sqlite3_get_auxdata(context, 0));
    if (!needle) {
        auto* folded = new std::u32string;
        appendFolded(sqlite3_value_text(argv[0]), sqlite3_value_bytes(argv[0]), *folded);
        firstRow = *folded; // SQLite may free it at once (out of memory), so this row uses a copy
        sqlite3_set_auxdata(context, 0, folded, deleteNeedle);
        needle = &firstRow;
    }
    thread_local std::u32string haystack;
    for (int i = 1; i < argc; ++i) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            continue;
        haystack.clear();
        appendFolded(sqlite3_value_text(argv[i]), sqlite3_value_bytes(argv[i]), haystack);
        if (std::u32string_view(haystack).find(*needle) != std::u32string_view::npos) {
            sqlite3_result_int(context, 1);
            return;
        }
    }
    sqlite3_result_int(context, 0);
}

} // namespace

bool FoldedContains::contains(QStringView haystack, QStringView needle)
{
    std::u32string h, n;
    appendFolded(haystack, h);
    appendFolded(needle, n);
    return h.find(n) != std::u32string::npos;
}

int FoldedContains::registerFunction(sqlite3* connection)
{
    return sqlite3_create_function_v2(connection, "keydesk_contains", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                      nullptr, containsFunction, nullptr, nullptr, nullptr);
}

Expected<void> FoldedContains::install(const QSqlDatabase& db)
{
    sqlite3* connection = sqliteHandle(db);
    const int rc = connection ? registerFunction(connection) : SQLITE_MISUSE;
    if (rc != SQLITE_OK) {
        return Error(Error::Kind::Storage,
                     QCoreApplication::translate(
                         "InventoryStore", "Could not set up searching in the inventory (SQLite error %1).")
                         .arg(rc));
    }
    return {};
}
