#include "PrivateDatabaseFile.h"

#include <QCoreApplication>
#include <QFile>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace PrivateDatabaseFile {

Expected<void> check(const QString& path)
{
    // The file holds the token signing key and the admin token's hash: a copy lets anyone forge tokens.
    // New files are created owner-only (SQLite gives its -wal and -shm files the same mode); an existing file
    // that others can read is refused, not silently fixed: someone may already have copied it.
    if (path.isEmpty() || path == QLatin1String(":memory:"))
        return {};
    const QByteArray native = QFile::encodeName(path);
    struct stat info
    {};
    if (::stat(native.constData(), &info) != 0) {
        const int fd = ::open(native.constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
        if (fd >= 0)
            ::close(fd);
        return {}; // or someone else just created it: SQLite opens it and the next start checks it
    }
    if ((info.st_mode & 077) != 0)
        return Error(Error::Kind::StorageReadOnly,
                     QCoreApplication::translate(
                         "ServiceDatabase", "%1 can be read by other users (mode %2); it holds the token "
                                            "signing key. Make it private first: chmod 600 %1")
                         .arg(path)
                         .arg(info.st_mode & 0777, 4, 8, QLatin1Char('0')));
    return {};
}

} // namespace PrivateDatabaseFile
