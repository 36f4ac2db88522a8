#include "service/SecretGenerator.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

class TestSecretGenerator : public QObject
{
    Q_OBJECT

private slots:
    void formats();
    void neverRepeats();
    void usesTheWholeAlphabet();
    void hashesAsSha256Hex();
};

void TestSecretGenerator::formats()
{
    static const QRegularExpression keyId(QStringLiteral("^kd_[A-Z2-7]{20}$"));
    static const QRegularExpression secret(QStringLiteral("^kds_[0-9A-Za-z]{40}$"));
    static const QRegularExpression admin(QStringLiteral("^kda_[0-9A-Za-z]{40}$"));
    for (int i = 0; i < 100; ++i) {
        QVERIFY(keyId.match(SecretGenerator::keyId()).hasMatch());
        QVERIFY(secret.match(SecretGenerator::keySecret().toUtf8String()).hasMatch());
        QVERIFY(admin.match(SecretGenerator::adminToken().toUtf8String()).hasMatch());
    }
}

void TestSecretGenerator::neverRepeats()
{
    QSet<QString> seen;
    for (int i = 0; i < 10000; ++i)
        seen.insert(SecretGenerator::keySecret().toUtf8String());
    QCOMPARE(seen.size(), 10000);
}

void TestSecretGenerator::usesTheWholeAlphabet()
{
    QSet<QChar> chars;
    for (int i = 0; i < 200; ++i) {
        const QString s = SecretGenerator::keySecret().toUtf8String().mid(4);
        for (QChar c : s)
            chars.insert(c);
    }
    QCOMPARE(chars.size(), 62);
}

void TestSecretGenerator::hashesAsSha256Hex()
{
    QCOMPARE(SecretGenerator::sha256Hex(SecretBytes(QByteArrayLiteral("abc"))),
             QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

QTEST_GUILESS_MAIN(TestSecretGenerator)
#include "tst_secretgenerator.moc"
