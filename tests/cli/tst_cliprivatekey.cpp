#include "CliRunner.h"
#include "FakeHttpServer.h"
#include "net/ClientAssertion.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

// private_key_jwt from a terminal, end to end: a connection that signs, a key pair made here (its JWKS
// printed for the vendor, the private key only in the keychain) or a PEM imported from stdin, and tokens from
// an endpoint that accepts only assertions signed by the registered key.
class TestCliPrivateKey : public QObject
{
    Q_OBJECT

private slots:
    void init() { m_data = std::make_unique<QTemporaryDir>(); }
    void generatedKeyGetsTokens();
    void importedPemGetsTokens();

private:
    CliRun cli(const QStringList& args, const QByteArray& in = {})
    {
        return runCli(m_data->path(), args, in);
    }
    // The vendor: answers a token only for an assertion whose kid is registered.
    void addConnection(const QString& name, const QUrl& url);

    std::unique_ptr<QTemporaryDir> m_data;
};

namespace {

// A token endpoint that knows the clients' key ids (the check of the signature itself is
// tst_clientassertion's).
QByteArray answer(const QByteArray& request, const QSet<QString>& registered)
{
    const QUrlQuery form(QString::fromLatin1(request.mid(request.indexOf("\r\n\r\n") + 4)));
    const QByteArray assertion = form.queryItemValue(QStringLiteral("client_assertion")).toLatin1();
    const QJsonObject header = QJsonDocument::fromJson(QByteArray::fromBase64(assertion.split('.').value(0),
                                                                              QByteArray::Base64UrlEncoding))
                                   .object();
    if (!registered.contains(header.value(QLatin1String("kid")).toString()))
        return FakeHttpServer::response(401, R"({"error":"invalid_client"})");
    return FakeHttpServer::response(200, R"({"access_token":"t0k3n","token_type":"Bearer","expires_in":60})");
}

} // namespace

void TestCliPrivateKey::addConnection(const QString& name, const QUrl& url)
{
    const CliRun added =
        cli({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
             QStringLiteral("oauth2"), QStringLiteral("--name"), name, QStringLiteral("--url"),
             url.toString(), QStringLiteral("--auth"), QStringLiteral("private_key_jwt")});
    QVERIFY2(added.code == 0, qPrintable(added.err));
}

void TestCliPrivateKey::generatedKeyGetsTokens()
{
    QSet<QString> registered;
    FakeHttpServer vendor([&](const QByteArray& request) { return answer(request, registered); });
    addConnection(QStringLiteral("Signed"), QUrl(vendor.url().toString() + QStringLiteral("/token")));

    // A secret is not what this connection takes.
    QCOMPARE(cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Signed"),
                  QStringLiteral("--client-id"), QStringLiteral("c-9")},
                 "a-secret\n")
                 .code,
             1);
    const CliRun made =
        cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Signed"),
             QStringLiteral("--client-id"), QStringLiteral("c-9"), QStringLiteral("--generate-key"),
             QStringLiteral("--alg"), QStringLiteral("RS256")});
    QVERIFY2(made.code == 0, qPrintable(made.err));
    const QJsonObject jwk = QJsonDocument::fromJson(made.out.toUtf8())
                                .object()
                                .value(QLatin1String("keys"))
                                .toArray()
                                .first()
                                .toObject();
    QCOMPARE(jwk.value(QLatin1String("kty")).toString(), QStringLiteral("RSA"));
    QVERIFY(!jwk.contains(QLatin1String("d")));
    const QString kid = jwk.value(QLatin1String("kid")).toString();
    QCOMPARE(ClientAssertion::thumbprint(jwk), kid);
    // Listed by its public key id's last four characters (a PEM's would be dashes).
    const CliRun listed = cli({QStringLiteral("keys"), QStringLiteral("list")});
    QVERIFY2(listed.out.contains(kid.right(4)), qPrintable(listed.out));
    QVERIFY(!listed.out.contains(QStringLiteral("----")));

    // Not registered yet at the vendor: refused, with where to look.
    const CliRun refused =
        cli({QStringLiteral("token"), QStringLiteral("--credential"), QStringLiteral("c-9")});
    QCOMPARE(refused.code, 2);
    QVERIFY2(refused.err.contains(QStringLiteral("public-key")), qPrintable(refused.err));
    registered.insert(kid);
    const CliRun token = cli({QStringLiteral("token"), QStringLiteral("--credential"), QStringLiteral("c-9"),
                              QStringLiteral("--format"), QStringLiteral("raw")});
    QVERIFY2(token.code == 0, qPrintable(token.err));
    QCOMPARE(token.out.trimmed(), QStringLiteral("t0k3n"));

    // The public key again, as PEM for consoles that want that; never the private one.
    const CliRun pem = cli({QStringLiteral("public-key"), QStringLiteral("--credential"),
                            QStringLiteral("c-9"), QStringLiteral("--format"), QStringLiteral("pem")});
    QCOMPARE(pem.code, 0);
    QVERIFY(pem.out.startsWith(QStringLiteral("-----BEGIN PUBLIC KEY-----")));
    QVERIFY(!pem.out.contains(QStringLiteral("PRIVATE")));
}

void TestCliPrivateKey::importedPemGetsTokens()
{
    QSet<QString> registered;
    FakeHttpServer vendor([&](const QByteArray& request) { return answer(request, registered); });
    addConnection(QStringLiteral("Imported"), QUrl(vendor.url().toString() + QStringLiteral("/token")));
    auto key = ClientAssertion::generateKey(ClientAssertion::Algorithm::ES256);
    QVERIFY(key.ok());
    const QString kid = ClientAssertion::publicKey(key.value()).value().kid;
    const CliRun imported =
        cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Imported"),
             QStringLiteral("--client-id"), QStringLiteral("c-10"), QStringLiteral("--private-key"),
             QStringLiteral("-")},
            key.value().toByteArray());
    QVERIFY2(imported.code == 0, qPrintable(imported.err));
    QVERIFY(imported.out.contains(kid)); // the JWKS of the key given
    QVERIFY(!imported.out.contains(QStringLiteral("PRIVATE")));
    registered.insert(kid);
    QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("--credential"), QStringLiteral("c-10")}).code, 0);
    // Not a key: refused, nothing kept.
    const CliRun junk = cli({QStringLiteral("import"), QStringLiteral("--connection"),
                             QStringLiteral("Imported"), QStringLiteral("--client-id"),
                             QStringLiteral("c-11"), QStringLiteral("--private-key"), QStringLiteral("-")},
                            "not a key\n");
    QVERIFY(junk.code != 0);
    QVERIFY(!cli({QStringLiteral("keys"), QStringLiteral("list")}).out.contains(QStringLiteral("c-11")));
}

QTEST_MAIN(TestCliPrivateKey)
#include "tst_cliprivatekey.moc"
