#include "core/SecretBytes.h"

#include <QTest>

class TestSecretBytes : public QObject
{
    Q_OBJECT

private slots:
    void holdsAndCopiesDeeply();
    void clearWipesTheBuffer();
    void wipeQByteArray();
    void constantTimeEquals();
};

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

QTEST_GUILESS_MAIN(TestSecretBytes)
#include "tst_secretbytes.moc"
