#include "ServiceFixture.h"
#include "service/ServiceSchema.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSqlRecord>
#include <QTest>

// Upgrading a database written by the previous release (tests/data/previous-release: made by keydesk-server
// 9d5a7c5, service schema 2, with `init`, a project, an active and a deactivated key) keeps every key and
// the admin token working. On SQLite as it was written, and on PostgreSQL with the same rows copied into a
// schema-2 database.
class TestServiceMigration : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void keysAndAdminTokenSurvive_data() { ServiceFixture::addDatabaseRows(); }
    void keysAndAdminTokenSurvive();
    void onlyInitCreatesADatabase_data() { ServiceFixture::addDatabaseRows(); }
    void onlyInitCreatesADatabase();

private:
    QString prepare(const QString& backend);
    bool copyToPostgres(const QString& sqliteFile);

    QTemporaryDir m_dir;
    QJsonObject m_facts;
};

void TestServiceMigration::initTestCase()
{
    QFile facts(QStringLiteral(KEYDESK_TEST_DATA "/previous-release/previous-release.json"));
    QVERIFY(facts.open(QIODevice::ReadOnly));
    m_facts = QJsonDocument::fromJson(facts.readAll()).object();
    QVERIFY(!m_facts.isEmpty());
}

QString TestServiceMigration::prepare(const QString& backend)
{
    const QString copy = m_dir.filePath(backend + QStringLiteral(".sqlite"));
    QFile::remove(copy);
    if (!QFile::copy(QStringLiteral(KEYDESK_TEST_DATA "/previous-release/service.sqlite"), copy))
        return {};
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    if (backend == QLatin1String("sqlite"))
        return copy;
    return copyToPostgres(copy) ? ServiceFixture::postgresUrl() : QString();
}

bool TestServiceMigration::copyToPostgres(const QString& sqliteFile)
{
    ServiceFixture reset(QStringLiteral("postgresql")); // empties the cluster's schema
    auto url = DatabaseUrl::parse(ServiceFixture::postgresUrl());
    bool ok = url.ok();
    {
        QSqlDatabase from = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("from"));
        from.setDatabaseName(sqliteFile);
        QSqlDatabase to = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("to"));
        to.setHostName(url.value().host);
        to.setPort(url.value().port);
        to.setUserName(url.value().user);
        to.setDatabaseName(url.value().databaseName);
        ok = ok && from.open() && to.open();
        QSqlQuery q(to);
        // Schema 2 exactly as the previous release created it, then its rows.
        ok = ok && q.exec(QStringLiteral("CREATE TABLE keydesk_schema (version INTEGER NOT NULL)")) &&
             q.exec(QStringLiteral("INSERT INTO keydesk_schema (version) VALUES (2)"));
        for (int step = 0; ok && step < 2; ++step) {
            for (const QString& statement : ServiceSchema::migrations().at(step))
                ok = ok && q.exec(ServiceSchema::forDialect(statement, true));
        }
        ok = ok && q.exec(QStringLiteral("DELETE FROM signing_keys"));
        for (const char* table : {"meta", "projects", "api_keys", "signing_keys", "sessions"}) {
            QSqlQuery rows(from);
            ok = ok && rows.exec(QStringLiteral("SELECT * FROM ") + QLatin1String(table));
            while (ok && rows.next()) {
                QStringList marks;
                for (int c = 0; c < rows.record().count(); ++c)
                    marks << QStringLiteral("?");
                QSqlQuery insert(to);
                insert.prepare(QStringLiteral("INSERT INTO %1 VALUES (%2)")
                                   .arg(QLatin1String(table), marks.join(QLatin1Char(','))));
                for (int c = 0; c < rows.record().count(); ++c)
                    insert.addBindValue(rows.value(c));
                ok = insert.exec();
                if (!ok)
                    qWarning("%s: %s", table, qPrintable(insert.lastError().text()));
            }
        }
        from.close();
        to.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("from"));
    QSqlDatabase::removeDatabase(QStringLiteral("to"));
    return ok;
}

void TestServiceMigration::keysAndAdminTokenSurvive()
{
    QFETCH(QString, backend);
    const QString database = prepare(backend);
    QVERIFY(!database.isEmpty());
    ServiceConfig config;
    config.database = database;
    HttpServerConfig http;
    http.logRequests = false;
    KeyDeskServer server(config, http);
    auto port = server.start();
    QVERIFY2(port.ok(), qPrintable(port.ok() ? QString() : port.error().toString()));
    httplib::Client c("127.0.0.1", port.value());
    const std::string admin = m_facts.value(QLatin1String("admin_token")).toString().toStdString();
    const httplib::Headers bearer{{"Authorization", "Bearer " + admin}};

    // The admin token is the first owner's.
    auto me = c.Get("/v1/me", bearer);
    QVERIFY(me);
    QCOMPARE(me->status, 200);
    QCOMPARE(ServiceFixture::json(me).value(QLatin1String("name")).toString(), QStringLiteral("admin"));
    QCOMPARE(ServiceFixture::json(me).value(QLatin1String("role")).toString(), QStringLiteral("owner"));
    QVERIFY(server.people().hasOwner());

    // Every key is there, as it was.
    const std::string project = m_facts.value(QLatin1String("project_id")).toString().toStdString();
    auto list = c.Get(("/v1/projects/" + project + "/keys").c_str(), bearer);
    QCOMPARE(list->status, 200);
    const QJsonArray keys = ServiceFixture::json(list).value(QLatin1String("keys")).toArray();
    QCOMPARE(keys.size(), 2);
    QCOMPARE(keys.at(0).toObject().value(QLatin1String("name")).toString(), QStringLiteral("Billing export"));
    QCOMPARE(keys.at(0).toObject().value(QLatin1String("status")).toString(), QStringLiteral("active"));
    QCOMPARE(keys.at(1).toObject().value(QLatin1String("status")).toString(), QStringLiteral("inactive"));
    QCOMPARE(keys.at(0).toObject().value(QLatin1String("created_by")).toString(), QString());

    // Their secrets authenticate as before; the deactivated one is still refused.
    const QJsonObject active = m_facts.value(QLatin1String("active_key")).toObject();
    const std::string secret = active.value(QLatin1String("secret")).toString().toStdString();
    QCOMPARE(c.Get("/health", {{"X-API-Key", secret}})->status, 204);
    const std::string inactive = m_facts.value(QLatin1String("inactive_key"))
                                     .toObject()
                                     .value(QLatin1String("secret"))
                                     .toString()
                                     .toStdString();
    QCOMPARE(c.Get("/health", {{"X-API-Key", inactive}})->status, 401);
    auto token = c.Post("/oauth/token",
                        "grant_type=client_credentials&client_id=" +
                            active.value(QLatin1String("key_id")).toString().toStdString() +
                            "&client_secret=" + secret,
                        "application/x-www-form-urlencoded");
    QCOMPARE(token->status, 200);
    // …signed with the release's own signing key, which carried over as k0.
    const QByteArray jwt =
        ServiceFixture::json(token).value(QLatin1String("access_token")).toString().toLatin1();
    QVERIFY(QByteArray::fromBase64(jwt.split('.').first(), QByteArray::Base64UrlEncoding).contains("\"k0\""));

    // The old admin token can now bring in the team.
    auto added = c.Post("/v1/users", bearer, R"({"name":"alex","role":"admin"})", "application/json");
    QCOMPARE(added->status, 201);
    server.stop();
}

void TestServiceMigration::onlyInitCreatesADatabase()
{
    QFETCH(QString, backend);
    // A mistyped --database for `users add` must not start a second, empty database.
    ServiceFixture reset(backend); // an empty PostgreSQL schema, or a SQLite path with no file
    QString where = reset.config().database;
    if (backend == QLatin1String("sqlite"))
        where = m_dir.filePath(QStringLiteral("typo.sqlite"));
    ServiceConfig config;
    config.database = where;
    config.createDatabase = false;
    {
        KeyDeskServer refused(config, {});
        auto opened = refused.open();
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error().message().contains(QLatin1String("keydesk-server init")),
                 qPrintable(opened.error().message()));
    }
    if (backend == QLatin1String("sqlite"))
        QVERIFY(!QFileInfo::exists(where));
    config.createDatabase = true; // init
    {
        KeyDeskServer created(config, {});
        QVERIFY(created.open().ok());
    }
    config.createDatabase = false; // and from then on every command finds it
    KeyDeskServer found(config, {});
    QVERIFY(found.open().ok());
}

QTEST_GUILESS_MAIN(TestServiceMigration)
#include "tst_servicemigration.moc"
