#include "core/SecretBytes.h"

#include <QFile>
#include <QTest>

class TestSecretBytes : public QObject
{
    Q_OBJECT

private slots:
    void holdsAndCopiesDeeply();
    void clearWipesTheBuffer();
    void wipeQByteArray();
    void constantTimeEquals();
    void bufferIsLockedAndLeftOutOfCoreDumps();
    void memoryComesBackZeroed();
    void everyBufferIsReturned();
};

namespace {

// The VmFlags of the mapping that holds `address` (/proc/self/smaps): "lo" locked, "dd" not dumped.
QByteArray vmFlagsOf(const void* address)
{
    QFile smaps(QStringLiteral("/proc/self/smaps"));
    if (!smaps.open(QIODevice::ReadOnly))
        return {};
    const auto where = quintptr(address);
    bool inside = false;
    for (const QByteArray& line : smaps.readAll().split('\n')) {
        const int dash = line.indexOf('-');
        const int space = line.indexOf(' ');
        if (dash > 0 && space > dash && !line.left(space).contains(':')) {
            bool ok1 = false, ok2 = false;
            const quintptr from = line.left(dash).toULongLong(&ok1, 16);
            const quintptr to = line.mid(dash + 1, space - dash - 1).toULongLong(&ok2, 16);
            inside = ok1 && ok2 && where >= from && where < to;
        } else if (inside && line.startsWith("VmFlags:")) {
            return line.mid(8).trimmed();
        }
    }
    return {};
}

} // namespace

void TestSecretBytes::holdsAndCopiesDeeply()
{
    SecretBytes a(QByteArrayLiteral("kds_example"));
    SecretBytes b = a;
    QVERIFY(a.data() != b.data());
    a.clear();
    QVERIFY(a.isEmpty());
    QCOMPARE(b.toByteArray(), QByteArrayLiteral("kds_example"));
    SecretBytes moved = std::move(b);
    QVERIFY(b.isEmpty());
    QCOMPARE(moved.toUtf8String(), QStringLiteral("kds_example"));
    QCOMPARE(SecretBytes::fromUtf8(QStringLiteral("Ü")).size(), 2);
}

void TestSecretBytes::clearWipesTheBuffer()
{
    // Copy into storage we own, then look at the same bytes after clear(): they must be zero.
    auto* secret = new SecretBytes(QByteArrayLiteral("sensitive-bytes-123"));
    const char* raw = secret->data();
    const int size = secret->size();
    std::vector<char> seen(raw, raw + size);
    QCOMPARE(QByteArray(seen.data(), size), QByteArrayLiteral("sensitive-bytes-123"));
    secret->clear(); // clear() keeps the vector's allocation, so `raw` is still ours to read
    QCOMPARE(QByteArray(raw, size), QByteArray(size, '\0'));
    delete secret;
}

void TestSecretBytes::wipeQByteArray()
{
    QByteArray shared("token-value");
    QByteArray copy = shared; // implicitly shared: wiping `copy` must not zero `shared`'s bytes
    SecretBytes::wipe(copy);
    QVERIFY(copy.isEmpty());
    QCOMPARE(shared, QByteArrayLiteral("token-value"));

    QString text = QStringLiteral("secret text");
    text.detach();
    SecretBytes::wipe(text);
    QVERIFY(text.isEmpty());
}

void TestSecretBytes::constantTimeEquals()
{
    QVERIFY(SecretBytes(QByteArrayLiteral("abc")).equals(SecretBytes(QByteArrayLiteral("abc"))));
    QVERIFY(!SecretBytes(QByteArrayLiteral("abc")).equals(SecretBytes(QByteArrayLiteral("abd"))));
    QVERIFY(!SecretBytes(QByteArrayLiteral("abc")).equals(SecretBytes(QByteArrayLiteral("abcd"))));
    QVERIFY(SecretBytes().equals(SecretBytes()));
}

void TestSecretBytes::bufferIsLockedAndLeftOutOfCoreDumps()
{
    const SecretBytes secret(QByteArrayLiteral("kds_locked-in-ram"));
    const QList<QByteArray> flags = vmFlagsOf(secret.data()).split(' ');
    QVERIFY2(flags.contains("dd"), qPrintable(QString::fromLatin1(vmFlagsOf(secret.data()))));
    QVERIFY2(SecureMemory::isLocked(secret.data()) == flags.contains("lo"),
             "bookkeeping disagrees with the kernel");
    if (!SecureMemory::isLocked(secret.data()))
        QSKIP("RLIMIT_MEMLOCK does not allow locking here (the buffer is still wiped and not dumped)");
}

void TestSecretBytes::memoryComesBackZeroed()
{
    // Whatever a secret used is zero when the allocator hands it out again.
    std::vector<const char*> seen;
    for (int round = 0; round < 3; ++round) {
        auto* secret = new SecretBytes(QByteArray(2000, 'S'));
        seen.push_back(secret->data());
        delete secret;
        char* again = static_cast<char*>(SecureMemory::allocate(2000));
        QCOMPARE(QByteArray(again, 2000), QByteArray(2000, '\0'));
        SecureMemory::release(again, 2000);
    }
    QVERIFY(seen.front() != nullptr);
    char block[64];
    memset(block, 'x', sizeof block);
    SecureMemory::wipe(block, sizeof block);
    QCOMPARE(QByteArray(block, sizeof block), QByteArray(sizeof block, '\0'));
}

void TestSecretBytes::everyBufferIsReturned()
{
    const std::size_t before = SecureMemory::liveBytes();
    {
        SecretBytes a(QByteArrayLiteral("one"));
        SecretBytes b = a;
        SecretBytes c = std::move(b);
        c = SecretBytes(QByteArray(9000, 'x')); // larger than a page: its own locked block
        QVERIFY(SecureMemory::liveBytes() > before);
    }
    QCOMPARE(SecureMemory::liveBytes(), before);
}

QTEST_GUILESS_MAIN(TestSecretBytes)
#include "tst_secretbytes.moc"
