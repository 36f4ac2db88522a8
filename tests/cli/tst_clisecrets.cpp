#include "CliRunner.h"
#include "FakeHttpServer.h"
#include "cli/CliExit.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

// What keydesk-cli does with the secrets it keeps, run as a user would against a real keychain (unlocked
// gnome-keyring) and the embedded service: a new secret for a credential replaces it in place; a key whose
// secret was never kept is deleted with no keychain at all, and a keychain that cannot be asked is named as
// the cause instead of being blamed for a copy; a private key never leaves the keychain through read or run.
class TestCliSecrets : public QObject
{
    Q_OBJECT

private slots:
    void init() { m_data = std::make_unique<QTemporaryDir>(); }
    void importingTheSameClientIdReplacesItsSecretInPlace();
    void aNewCredentialIsNamedAfterItsClientId();
    void aKeyWhoseSecretWasNeverKeptIsDeletedWithoutAKeychain();
    void aKeychainThatCannotBeAskedIsTheCauseNotACopy();
    void privateKeysNeverLeaveTheKeychain();
    void aRefusedBasicNamesThePostTheIssuerLists();

private:
    CliRun cli(const QStringList& args, const QByteArray& in = {}, bool withoutKeychain = false)
    {
        return runCli(m_data->path(), args, in, withoutKeychain);
    }
    void addOAuth2Connection(const QString& name, const QString& auth = QStringLiteral("basic"));
    // The row `keys list --offline --format json` shows for a key id (empty when there is none).
    QJsonObject listed(const QString& keyId);
    // keys create on Local; returns the key id.
    QString createLocalKey(const QString& name, bool store);

    std::unique_ptr<QTemporaryDir> m_data;
};

void TestCliSecrets::addOAuth2Connection(const QString& name, const QString& auth)
{
    // Nothing is requested from it: the tests here stop before any token.
    const CliRun added =
        cli({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
             QStringLiteral("oauth2"), QStringLiteral("--name"), name, QStringLiteral("--url"),
             QStringLiteral("http://127.0.0.1:9/token"), QStringLiteral("--auth"), auth});
    QVERIFY2(added.code == 0, qPrintable(added.err));
}

QJsonObject TestCliSecrets::listed(const QString& keyId)
{
    const CliRun list = cli({QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--offline"),
                             QStringLiteral("--format"), QStringLiteral("json")});
    QJsonObject found;
    int count = 0;
    for (const QJsonValue& row : QJsonDocument::fromJson(list.out.toUtf8()).array()) {
        if (row.toObject().value(QLatin1String("key_id")).toString() == keyId) {
            found = row.toObject();
            ++count;
        }
    }
    return count == 1 ? found : QJsonObject();
}

QString TestCliSecrets::createLocalKey(const QString& name, bool store)
{
    QStringList args{QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"), name};
    if (!store)
        args << QStringLiteral("--no-store");
    const CliRun created = cli(args);
    if (created.code != 0)
        return {};
    return created.out.section(QLatin1Char('\n'), 0, 0).section(QStringLiteral(": "), 1);
}

void TestCliSecrets::importingTheSameClientIdReplacesItsSecretInPlace()
{
    addOAuth2Connection(QStringLiteral("Tty"));
    const CliRun first =
        cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Tty"),
             QStringLiteral("--client-id"), QStringLiteral("TtyClient"), QStringLiteral("--name"),
             QStringLiteral("Tty"), QStringLiteral("--expires"), QStringLiteral("2027-06-30")},
            "first-secret-0001\n");
    QVERIFY2(first.code == 0, qPrintable(first.err));
    QCOMPARE(listed(QStringLiteral("TtyClient")).value(QLatin1String("name")).toString(),
             QStringLiteral("Tty"));

    // The vendor issued a new secret: the documented way to replace it is to import the same client id.
    const CliRun again = cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Tty"),
                              QStringLiteral("--client-id"), QStringLiteral("TtyClient")},
                             "second-secret-0002\n");
    QVERIFY2(again.code == 0, qPrintable(again.err));
    QVERIFY2(again.out.contains(QStringLiteral("Replaced the secret of \u201CTty\u201D")),
             qPrintable(again.out));
    const QJsonObject row = listed(QStringLiteral("TtyClient"));
    QCOMPARE(row.value(QLatin1String("name")).toString(), QStringLiteral("Tty")); // was "Key TtyClient"
    QVERIFY2(row.value(QLatin1String("expires_at")).toString().startsWith(QStringLiteral("2027-06-30")),
             qPrintable(row.value(QLatin1String("expires_at")).toString())); // was "never"
    QCOMPARE(row.value(QLatin1String("last4")).toString(), QStringLiteral("0002"));
    // keydesk:// references by its name keep working, and give the new secret.
    const CliRun read = cli({QStringLiteral("read"), QStringLiteral("keydesk://Tty/Tty/secret")});
    QVERIFY2(read.code == 0, qPrintable(read.err));
    QCOMPARE(read.out, QStringLiteral("second-secret-0002"));

    // A new name or expiry given with the new secret is taken.
    const CliRun renamed =
        cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Tty"),
             QStringLiteral("--client-id"), QStringLiteral("TtyClient"), QStringLiteral("--name"),
             QStringLiteral("Tty 2027"), QStringLiteral("--expires"), QStringLiteral("2028-01-31")},
            "third-secret-0003\n");
    QVERIFY2(renamed.code == 0, qPrintable(renamed.err));
    const QJsonObject after = listed(QStringLiteral("TtyClient"));
    QCOMPARE(after.value(QLatin1String("name")).toString(), QStringLiteral("Tty 2027"));
    QVERIFY(after.value(QLatin1String("expires_at")).toString().startsWith(QStringLiteral("2028-01-31")));
}

void TestCliSecrets::aNewCredentialIsNamedAfterItsClientId()
{
    addOAuth2Connection(QStringLiteral("Vendor"));
    const CliRun help = cli({QStringLiteral("import"), QStringLiteral("--help")});
    QVERIFY2(help.out.contains(QStringLiteral("default: the client id")), qPrintable(help.out));
    const CliRun imported =
        cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Vendor"),
             QStringLiteral("--client-id"), QStringLiteral("svc-billing")},
            "a-secret-0004\n");
    QVERIFY2(imported.code == 0, qPrintable(imported.err));
    // What the help says, not "Key svc-billing".
    QCOMPARE(listed(QStringLiteral("svc-billing")).value(QLatin1String("name")).toString(),
             QStringLiteral("svc-billing"));
}

void TestCliSecrets::aKeyWhoseSecretWasNeverKeptIsDeletedWithoutAKeychain()
{
    const QString keyId = createLocalKey(QStringLiteral("NoStore"), false);
    QVERIFY(keyId.startsWith(QStringLiteral("kd_")));
    // No keychain on this run: a key made with --no-store has no entry anywhere, so none is needed.
    const CliRun removed = cli({QStringLiteral("keys"), QStringLiteral("delete"), keyId}, {}, true);
    QVERIFY2(removed.code == 0, qPrintable(removed.out + removed.err));
    QVERIFY2(removed.out.contains(QStringLiteral("never kept on this computer")), qPrintable(removed.out));
    QVERIFY(!removed.err.contains(QStringLiteral("still in the OS keychain")));
    QVERIFY(listed(keyId).isEmpty());
}

void TestCliSecrets::aKeychainThatCannotBeAskedIsTheCauseNotACopy()
{
    const QString keyId = createLocalKey(QStringLiteral("Stored"), true);
    QVERIFY(keyId.startsWith(QStringLiteral("kd_")));
    const CliRun removed = cli({QStringLiteral("keys"), QStringLiteral("delete"), keyId}, {}, true);
    // The key is gone at the service; the keychain work is left (exit 4), and the message says why and where
    // a copy would be, without claiming there is one.
    QCOMPARE(removed.code, 4);
    QVERIFY2(removed.err.contains(QStringLiteral("is deleted")), qPrintable(removed.err));
    QVERIFY2(removed.err.contains(QStringLiteral("no keychain could be reached")), qPrintable(removed.err));
    QVERIFY2(removed.err.contains(keyId), qPrintable(removed.err));
    QVERIFY(!removed.err.contains(QStringLiteral("still in the OS keychain")));
    QVERIFY(!removed.err.contains(QStringLiteral("nothing was changed")));
    QVERIFY(listed(keyId).isEmpty());
}

void TestCliSecrets::privateKeysNeverLeaveTheKeychain()
{
    addOAuth2Connection(QStringLiteral("Signed"), QStringLiteral("private_key_jwt"));
    const CliRun made =
        cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Signed"),
             QStringLiteral("--client-id"), QStringLiteral("svc"), QStringLiteral("--generate-key")});
    QVERIFY2(made.code == 0, qPrintable(made.err));
    const CliRun read = cli({QStringLiteral("read"), QStringLiteral("keydesk://Signed/svc/secret")});
    QCOMPARE(read.code, 1);
    QVERIFY2(read.err.contains(QStringLiteral("never leaves the OS keychain")), qPrintable(read.err));
    QVERIFY(!read.out.contains(QStringLiteral("PRIVATE KEY")));
    const CliRun run = cli({QStringLiteral("run"), QStringLiteral("--env"), QStringLiteral("PK=svc:secret"),
                            QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                            QStringLiteral("printf %s \"$PK\"")});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(QStringLiteral(":token")), qPrintable(run.err));
    QVERIFY(!run.out.contains(QStringLiteral("PRIVATE KEY")));
}

void TestCliSecrets::aRefusedBasicNamesThePostTheIssuerLists()
{
    // Discovery picks client_secret_basic when both are listed; a server that then refuses it said nothing
    // of client_secret_post, which it also lists (issue 28, item 23).
    QString issuer;
    FakeHttpServer server([&issuer](const QByteArray& request) {
        if (request.startsWith("GET /.well-known/oauth-authorization-server"))
            return FakeHttpServer::response(200,
                                            QStringLiteral(R"({"issuer":"%1","token_endpoint":"%1/token",)"
                                                           R"("token_endpoint_auth_methods_supported":)"
                                                           R"(["client_secret_basic","client_secret_post"]})")
                                                .arg(issuer)
                                                .toUtf8());
        if (!request.startsWith("POST /token"))
            return FakeHttpServer::response(404, "{}");
        if (request.contains("Authorization: Basic"))
            return FakeHttpServer::response(401, R"({"error":"invalid_client"})");
        return request.contains("client_secret=s3cret")
                   ? FakeHttpServer::response(200, R"({"access_token":"abc.def","token_type":"Bearer",)"
                                                   R"("expires_in":60})")
                   : FakeHttpServer::response(401, R"({"error":"invalid_client"})");
    });
    issuer = server.url().toString();
    const CliRun added = cli({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
                              QStringLiteral("oauth2"), QStringLiteral("--name"), QStringLiteral("Both"),
                              QStringLiteral("--issuer"), issuer});
    QVERIFY2(added.code == 0, qPrintable(added.err));
    QVERIFY(added.out.contains(QStringLiteral("client_secret_basic")));
    const CliRun imported =
        cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Both"),
             QStringLiteral("--client-id"), QStringLiteral("cid")},
            "s3cret\n");
    QVERIFY2(imported.code == 0, qPrintable(imported.err));
    const QStringList token{QStringLiteral("token"), QStringLiteral("--credential"), QStringLiteral("cid")};
    const CliRun refused = cli(token);
    QCOMPARE(refused.code, int(CliExit::Auth));
    QVERIFY2(refused.err.contains(QStringLiteral("also lists client_secret_post")) &&
                 refused.err.contains(QStringLiteral("connections set <connection> --auth post")),
             qPrintable(refused.err));
    QCOMPARE(cli({QStringLiteral("connections"), QStringLiteral("set"), QStringLiteral("Both"),
                  QStringLiteral("--auth"), QStringLiteral("post")})
                 .code,
             0);
    const CliRun switched = cli(token);
    QVERIFY2(switched.code == 0, qPrintable(switched.err));
    QVERIFY(switched.out.contains(QStringLiteral("abc.def")));
}

QTEST_GUILESS_MAIN(TestCliSecrets)
#include "tst_clisecrets.moc"
