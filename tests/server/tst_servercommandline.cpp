#include "ExpectedHelpers.h"
#include "server/ServerCommandLine.h"
#include "service/DatabaseUrl.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestServerCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void everyOption();
    void listenForms_data();
    void listenForms();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void helpDocumentsEveryOption();
    void databaseUrls();
    void everyLibpqParameterIsKeptAndTyposFail();
    void passwordFromAnOwnerOnlyFile();
    void libpqHostListsForFailover();
    void aBrokenUrlNeverShowsItsPassword();
    void anUnverifiedDatabaseOnTheNetworkIsWarnedAbout_data();
    void anUnverifiedDatabaseOnTheNetworkIsWarnedAbout();
    void plainHttpToTheNetworkMustBeAskedFor();
};

static Expected<ServerCommandLine> parse(QStringList args)
{
    args.prepend(QStringLiteral("keydesk-server"));
    return ServerCommandLine::parse(args);
}

void TestServerCommandLine::defaults()
{
    auto cl = parse({});
    KD_VERIFY_OK(cl);
    QCOMPARE(cl.value().command, ServerCommandLine::Command::Serve);
    QCOMPARE(cl.value().http.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(cl.value().http.port, 8080);
    QCOMPARE(cl.value().service.maxKeysPerProject, 10);
    QCOMPARE(cl.value().service.tokenTtlSeconds, 3600);
    QVERIFY(cl.value().http.logRequests);
}

void TestServerCommandLine::everyOption()
{
    auto cl = parse({QStringLiteral("init"),
                     QStringLiteral("--database"),
                     QStringLiteral("/tmp/x.sqlite"),
                     QStringLiteral("--listen"),
                     QStringLiteral("0.0.0.0:9000"),
                     QStringLiteral("--max-keys"),
                     QStringLiteral("3"),
                     QStringLiteral("--token-ttl"),
                     QStringLiteral("60"),
                     QStringLiteral("--token-rate"),
                     QStringLiteral("0"),
                     QStringLiteral("--health-rate"),
                     QStringLiteral("5.5"),
                     QStringLiteral("--threads"),
                     QStringLiteral("8"),
                     QStringLiteral("--quiet"),
                     QStringLiteral("--tls-cert"),
                     QStringLiteral("c.pem"),
                     QStringLiteral("--tls-key"),
                     QStringLiteral("k.pem"),
                     QStringLiteral("--read-timeout"),
                     QStringLiteral("2")});
    KD_VERIFY_OK(cl);
    const ServerCommandLine& v = cl.value();
    QCOMPARE(v.command, ServerCommandLine::Command::Init);
    QCOMPARE(v.service.database, QStringLiteral("/tmp/x.sqlite"));
    QCOMPARE(v.http.host, QStringLiteral("0.0.0.0"));
    QCOMPARE(v.http.port, 9000);
    QCOMPARE(v.service.maxKeysPerProject, 3);
    QCOMPARE(v.service.tokenTtlSeconds, 60);
    QCOMPARE(v.service.tokenRatePerSecond, 0.0);
    QCOMPARE(v.service.healthRatePerSecond, 5.5);
    QCOMPARE(v.http.threads, 8);
    QCOMPARE(v.http.readTimeoutSeconds, 2);
    QVERIFY(!v.http.logRequests);
    QCOMPARE(v.http.tlsCertificate, QStringLiteral("c.pem"));
}

void TestServerCommandLine::listenForms_data()
{
    QTest::addColumn<QString>("listen");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("ipv4") << QStringLiteral("127.0.0.1:8081") << QStringLiteral("127.0.0.1") << 8081;
    QTest::newRow("ipv6") << QStringLiteral("[::1]:8082") << QStringLiteral("::1") << 8082;
    QTest::newRow("any") << QStringLiteral(":8083") << QStringLiteral("0.0.0.0") << 8083;
    QTest::newRow("localhost") << QStringLiteral("localhost:0") << QStringLiteral("localhost") << 0;
}

void TestServerCommandLine::listenForms()
{
    QFETCH(QString, listen);
    QFETCH(QString, host);
    QFETCH(int, port);
    // Plain HTTP beyond this machine must be asked for (see plainHttpToTheNetworkMustBeAskedFor).
    const QStringList insecure = host == QLatin1String("0.0.0.0")
                                     ? QStringList{QStringLiteral("--allow-insecure-http")}
                                     : QStringList{};
    auto cl = parse(QStringList{QStringLiteral("--listen"), listen} + insecure);
    KD_VERIFY_OK(cl);
    QCOMPARE(cl.value().http.host, host);
    QCOMPARE(cl.value().http.port, port);
}

void TestServerCommandLine::rejectsBadInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("explode")} << QStringLiteral("explode");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")}
                                    << QStringLiteral("frobnicate");
    QTest::newRow("listen no port") << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1")}
                                    << QStringLiteral("--listen");
    QTest::newRow("listen bad host") << QStringList{QStringLiteral("--listen"),
                                                    QStringLiteral("not a host:80")}
                                     << QStringLiteral("--listen");
    QTest::newRow("port too big") << QStringList{QStringLiteral("--listen"),
                                                 QStringLiteral("127.0.0.1:70000")}
                                  << QStringLiteral("--listen");
    QTest::newRow("max keys zero") << QStringList{QStringLiteral("--max-keys"), QStringLiteral("0")}
                                   << QStringLiteral("--max-keys");
    QTest::newRow("ttl text") << QStringList{QStringLiteral("--token-ttl"), QStringLiteral("an hour")}
                              << QStringLiteral("--token-ttl");
    QTest::newRow("negative rate") << QStringList{QStringLiteral("--token-rate"), QStringLiteral("-1")}
                                   << QStringLiteral("--token-rate");
    QTest::newRow("two commands") << QStringList{QStringLiteral("init"), QStringLiteral("serve")}
                                  << QStringLiteral("one command");
}

void TestServerCommandLine::rejectsBadInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    auto cl = parse(args);
    QVERIFY(!cl.ok());
    QVERIFY2(cl.error().message().contains(mentions), qPrintable(cl.error().message()));
}

void TestServerCommandLine::helpDocumentsEveryOption()
{
    auto cl = parse({QStringLiteral("--help")});
    KD_VERIFY_OK(cl);
    QCOMPARE(cl.value().command, ServerCommandLine::Command::Help);
    for (const char* option : {"--database",
                               "--listen",
                               "--tls-cert",
                               "--tls-key",
                               "--max-keys",
                               "--token-ttl",
                               "--token-rate",
                               "--token-burst",
                               "--health-rate",
                               "--health-burst",
                               "--threads",
                               "--read-timeout",
                               "--quiet",
                               "--allow-insecure-http",
                               "init",
                               "rotate-admin-token",
                               "rotate-signing-key",
                               "--auth-failure-rate",
                               "--auth-failure-burst",
                               "--trusted-proxy",
                               "--max-connections",
                               "--max-connections-per-address",
                               "--database-password-file"}) {
        QVERIFY2(cl.value().helpText.contains(QLatin1String(option)), option);
    }
}

void TestServerCommandLine::databaseUrls()
{
    auto rotate = parse({QStringLiteral("rotate-signing-key")});
    KD_VERIFY_OK(rotate);
    QCOMPARE(rotate.value().command, ServerCommandLine::Command::RotateSigningKey);
    auto proxies = parse({QStringLiteral("--trusted-proxy"), QStringLiteral("127.0.0.1, ::1"),
                          QStringLiteral("--trusted-proxy"), QStringLiteral("10.0.0.2")});
    KD_VERIFY_OK(proxies);
    QCOMPARE(proxies.value().http.trustedProxies.size(), 3);
    QVERIFY(!parse({QStringLiteral("--trusted-proxy"), QStringLiteral("nginx.local")}).ok());

    auto sqlite = DatabaseUrl::parse(QStringLiteral("/var/lib/keydesk/keys.sqlite"));
    KD_VERIFY_OK(sqlite);
    QCOMPARE(sqlite.value().driver, QStringLiteral("QSQLITE"));
    auto pg = DatabaseUrl::parse(QStringLiteral("postgresql://kd:p%40ss@db.example:6543/keys"));
    KD_VERIFY_OK(pg);
    QCOMPARE(pg.value().driver, QStringLiteral("QPSQL"));
    QCOMPARE(pg.value().host, QStringLiteral("db.example"));
    QCOMPARE(pg.value().port, 6543);
    QCOMPARE(pg.value().user, QStringLiteral("kd"));
    QCOMPARE(pg.value().password, QStringLiteral("p@ss"));
    QCOMPARE(pg.value().databaseName, QStringLiteral("keys"));
    QVERIFY(!pg.value().redacted().contains(QStringLiteral("p@ss")));
    auto socket =
        DatabaseUrl::parse(QStringLiteral("postgres://kd@localhost:5432/keys?host=/run/postgresql"));
    KD_VERIFY_OK(socket);
    QCOMPARE(socket.value().host, QStringLiteral("/run/postgresql"));
    QVERIFY(!DatabaseUrl::parse(QStringLiteral("postgresql://host-only")).ok());
    QVERIFY(!DatabaseUrl::parse(QString()).ok());
    // No garbled ":-1" where no port was given.
    QCOMPARE(
        DatabaseUrl::parse(QStringLiteral("postgresql://kd@/keys?host=/run/postgresql")).value().redacted(),
        QStringLiteral("postgresql://kd@/run/postgresql/keys"));
}

void TestServerCommandLine::libpqHostListsForFailover()
{
    // A primary and a standby: libpq tries them in order and takes the writable one.
    auto two = DatabaseUrl::parse(QStringLiteral(
        "postgresql://kd:pw@db1.example:5432,db2.example:5433/keys?target_session_attrs=read-write"));
    KD_VERIFY_OK(two);
    QCOMPARE(two.value().host, QStringLiteral("db1.example,db2.example"));
    QCOMPARE(two.value().ports, QStringList({QStringLiteral("5432"), QStringLiteral("5433")}));
    QCOMPARE(two.value().password, QStringLiteral("pw"));
    QVERIFY(two.value().connectOptions().contains(QLatin1String("port='5432,5433'")));
    QVERIFY(two.value().connectOptions().contains(QLatin1String("target_session_attrs='read-write'")));
    QCOMPARE(two.value().redacted(),
             QStringLiteral("postgresql://kd@db1.example:5432,db2.example:5433/keys"));
    // One port for all, IPv6, socket folders percent-encoded (as libpq's URIs have them).
    auto same = DatabaseUrl::parse(QStringLiteral("postgresql://kd@a:6000,b:6000/keys"));
    KD_VERIFY_OK(same);
    QCOMPARE(same.value().port, 6000);
    QVERIFY(same.value().ports.isEmpty());
    auto v6 = DatabaseUrl::parse(QStringLiteral("postgresql://kd@[::1]:5432,[2001:db8::7]/keys"));
    KD_VERIFY_OK(v6);
    QCOMPARE(v6.value().host, QStringLiteral("::1,2001:db8::7"));
    QCOMPARE(v6.value().ports, QStringList({QStringLiteral("5432"), QString()}));
    auto sockets =
        DatabaseUrl::parse(QStringLiteral("postgresql://kd@%2Frun%2Fpg1:5432,%2Frun%2Fpg2:5433/keys"));
    KD_VERIFY_OK(sockets);
    QCOMPARE(sockets.value().host, QStringLiteral("/run/pg1,/run/pg2"));
    QVERIFY(sockets.value().isOnThisMachine());
    QVERIFY(!two.value().isOnThisMachine());
    // Nothing that could carry another libpq parameter in, no empty or impossible ports.
    for (const char* bad : {"postgresql://kd@a:0/keys", "postgresql://kd@a:70000/keys",
                            "postgresql://kd@a:x/keys", "postgresql://kd@a%20host=evil/keys",
                            "postgresql://kd@a%27b/keys", "postgresql://kd@[nope]:1/keys"})
        QVERIFY2(!DatabaseUrl::parse(QString::fromLatin1(bad)).ok(), bad);
}

void TestServerCommandLine::aBrokenUrlNeverShowsItsPassword()
{
    // A stray % in the password makes the URL invalid; QUrl's own error text quotes all of it.
    const QString broken = QStringLiteral("postgresql://kd:S3cret%zzPw@db/keydesk");
    auto parsed = DatabaseUrl::parse(broken);
    QVERIFY(!parsed.ok());
    QVERIFY2(!parsed.error().toString().contains(QLatin1String("S3cret")),
             qPrintable(parsed.error().toString()));
    // The warning about passwords in the process list still comes.
    QVERIFY(DatabaseUrl::carriesPassword(broken));
    QVERIFY(DatabaseUrl::warningsFor(broken).join(QLatin1Char(' ')).contains(QLatin1String("process list")));
    QVERIFY(!DatabaseUrl::carriesPassword(QStringLiteral("postgresql://kd@db/keydesk")));
    QVERIFY(!DatabaseUrl::carriesPassword(QStringLiteral("postgresql://db:5432/keydesk")));
    QVERIFY(!DatabaseUrl::carriesPassword(QStringLiteral("/var/lib/keydesk/a:b@c.sqlite")));
}

void TestServerCommandLine::anUnverifiedDatabaseOnTheNetworkIsWarnedAbout_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("warned");
    QTest::newRow("libpq's default, prefer") << "postgresql://kd@db.example.org/keydesk" << true;
    QTest::newRow("require: encrypted, anyone's certificate")
        << "postgresql://kd@db.example.org/keydesk?sslmode=require" << true;
    QTest::newRow("an address") << "postgresql://kd@203.0.113.5:5432/keydesk" << true;
    QTest::newRow("verify-full") << "postgresql://kd@db.example.org/keydesk?sslmode=verify-full" << false;
    QTest::newRow("verify-ca") << "postgresql://kd@db.example.org/keydesk?sslmode=verify-ca" << false;
    QTest::newRow("Unix socket") << "postgresql://kd@/keydesk?host=/run/postgresql" << false;
    QTest::newRow("localhost") << "postgresql://kd@localhost:5432/keydesk" << false;
    QTest::newRow("loopback") << "postgresql://kd@127.0.0.1:5432/keydesk" << false;
    QTest::newRow("SQLite") << "/var/lib/keydesk/keys.sqlite" << false;
}

void TestServerCommandLine::anUnverifiedDatabaseOnTheNetworkIsWarnedAbout()
{
    QFETCH(QString, url);
    QFETCH(bool, warned);
    const QString warnings = DatabaseUrl::warningsFor(url).join(QLatin1Char(' '));
    QCOMPARE(warnings.contains(QLatin1String("sslmode=verify-full")), warned);
}

void TestServerCommandLine::everyLibpqParameterIsKeptAndTyposFail()
{
    auto url = DatabaseUrl::parse(
        QStringLiteral("postgresql://kd@db.example/keys?sslmode=verify-full&sslrootcert=/etc/ssl/my%20ca.pem"
                       "&application_name=it's&target_session_attrs=read-write"));
    KD_VERIFY_OK(url);
    QCOMPARE(url.value().parameters.size(), 4);
    QCOMPARE(
        url.value().connectOptions(),
        QStringLiteral("sslmode='verify-full';sslrootcert='/etc/ssl/my ca.pem';application_name='it\\'s';"
                       "target_session_attrs='read-write';connect_timeout=5"));
    auto timeout = DatabaseUrl::parse(QStringLiteral("postgresql://kd@db/keys?connect_timeout=2"));
    KD_VERIFY_OK(timeout);
    QCOMPARE(timeout.value().connectOptions(), QStringLiteral("connect_timeout='2'"));
    // A misspelt sslmode must not silently connect without TLS; nor may a value smuggle in another option.
    QVERIFY(!DatabaseUrl::parse(QStringLiteral("postgresql://kd@db/keys?ssl_mode=require")).ok());
    QVERIFY(
        !DatabaseUrl::parse(QStringLiteral("postgresql://kd@db/keys?sslmode=disable%3Bhost%3Devil")).ok());
    QVERIFY(!DatabaseUrl::parse(QStringLiteral("postgresql://kd@db/keys?password=x")).ok());
}

void TestServerCommandLine::passwordFromAnOwnerOnlyFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("pgpass"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("s3cret pass\nignored\n");
    file.close();
    auto url = DatabaseUrl::parse(QStringLiteral("postgresql://kd@db/keys"));
    KD_VERIFY_OK(url);
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QVERIFY(!url.value().readPasswordFile(path).ok()); // others can read it
    QVERIFY(url.value().password.isEmpty());
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
    KD_VERIFY_OK(url.value().readPasswordFile(path));
    QCOMPARE(url.value().password, QStringLiteral("s3cret pass"));
    QVERIFY(!url.value().readPasswordFile(dir.filePath(QStringLiteral("missing"))).ok());
    auto cl = parse({QStringLiteral("--database-password-file"), path});
    KD_VERIFY_OK(cl);
    QCOMPARE(cl.value().service.databasePasswordFile, path);
}

void TestServerCommandLine::plainHttpToTheNetworkMustBeAskedFor()
{
    for (const char* listen : {":8080", "0.0.0.0:8080", "192.0.2.10:8080", "[::]:8080"}) {
        auto refused = parse({QStringLiteral("--listen"), QString::fromLatin1(listen)});
        QVERIFY2(!refused.ok(), listen);
        QVERIFY(refused.error().message().contains(QStringLiteral("--allow-insecure-http")));
        auto allowed = parse({QStringLiteral("--listen"), QString::fromLatin1(listen),
                              QStringLiteral("--allow-insecure-http")});
        KD_VERIFY_OK(allowed);
        QVERIFY(allowed.value().insecureHttp);
        auto tls =
            parse({QStringLiteral("--listen"), QString::fromLatin1(listen), QStringLiteral("--tls-cert"),
                   QStringLiteral("c.pem"), QStringLiteral("--tls-key"), QStringLiteral("k.pem")});
        KD_VERIFY_OK(tls);
        QVERIFY(!tls.value().insecureHttp);
    }
    for (const char* listen : {"127.0.0.1:8080", "127.0.0.2:8080", "[::1]:8080", "localhost:8080"}) {
        auto local = parse({QStringLiteral("--listen"), QString::fromLatin1(listen)});
        KD_VERIFY_OK(local);
        QVERIFY(!local.value().insecureHttp);
    }
}

QTEST_GUILESS_MAIN(TestServerCommandLine)
#include "tst_servercommandline.moc"
