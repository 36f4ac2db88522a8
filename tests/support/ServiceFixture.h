#pragma once

#include "server/KeyDeskServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <httplib.h>
#include <memory>

// A real keydesk-server (in this process, real HTTP on 127.0.0.1, port 0) on a throwaway SQLite file or
// on the PostgreSQL test cluster (KEYDESK_TEST_POSTGRES_URL, set by ctest's postgres fixture).
class ServiceFixture
{
public:
    static QString postgresUrl() { return qEnvironmentVariable("KEYDESK_TEST_POSTGRES_URL"); }

    // Rows for data-driven tests: SQLite always, PostgreSQL when the cluster is up.
    static void addDatabaseRows()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        if (!postgresUrl().isEmpty())
            QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }

    explicit ServiceFixture(const QString& backend = QStringLiteral("sqlite"), ServiceConfig service = {},
                            const Clock& clock = Clock::system(), HttpServerConfig http = {})
        : m_clock(clock)
    {
        if (backend == QLatin1String("postgresql")) {
            service.database = postgresUrl();
            dropPostgresTables(service.database);
        } else if (service.database.isEmpty()) {
            service.database = m_dir.filePath(QStringLiteral("service.sqlite"));
        }
        m_service = service;
        http.logRequests = false;
        m_http = http;
    }

    ~ServiceFixture() { stop(); }

    std::string adminToken;

    // Starts the server and makes an admin token; false (with a QTest failure message) on any error.
    bool start()
    {
        m_server = std::make_unique<KeyDeskServer>(m_service, m_http, m_clock);
        auto port = m_server->start();
        if (!port) {
            qWarning("service did not start: %s", qPrintable(port.error().toString()));
            return false;
        }
        m_port = port.value();
        auto token = m_server->people().rotateAdminToken();
        if (!token)
            return false;
        adminToken = token.value().toByteArray().toStdString();
        return true;
    }

    void stop()
    {
        if (m_server)
            m_server->stop();
        m_server.reset();
    }

    int port() const { return m_port; }
    KeyDeskServer& server() { return *m_server; }
    const ServiceConfig& config() const { return m_service; }

    httplib::Client client() const
    {
        httplib::Client c("127.0.0.1", m_port);
        c.set_connection_timeout(5);
        c.set_read_timeout(10);
        return c;
    }

    httplib::Headers admin() const { return {{"Authorization", "Bearer " + adminToken}}; }

    httplib::Result postJson(const std::string& path, const QJsonObject& body, bool asAdmin = true) const
    {
        return client().Post(path.c_str(), asAdmin ? admin() : httplib::Headers{},
                             QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString(),
                             "application/json");
    }

    // The HTTP status of a client-credentials token request with this key (-1: no answer).
    int tokenStatus(const std::string& keyId, const std::string& secret) const
    {
        httplib::Client c = client();
        c.set_basic_auth(keyId, secret);
        auto res =
            c.Post("/oauth/token", "grant_type=client_credentials", "application/x-www-form-urlencoded");
        return res ? res->status : -1;
    }

    // Creates a project and returns its id ("" on failure).
    std::string createProject(const QString& name = QStringLiteral("Test project")) const
    {
        auto res = postJson("/v1/projects", {{QStringLiteral("name"), name}});
        if (!res || res->status != 201)
            return {};
        return json(res).value(QLatin1String("id")).toString().toStdString();
    }

    // Creates a key and returns the whole 201 body (with "secret").
    QJsonObject createKey(const std::string& project, const QString& name,
                          const QJsonValue& days = QJsonValue(), const QString& description = {})
    {
        auto res =
            postJson("/v1/projects/" + project + "/keys", {{QStringLiteral("name"), name},
                                                           {QStringLiteral("expires_in_days"), days},
                                                           {QStringLiteral("description"), description}});
        if (!res || res->status != 201)
            return {};
        return json(res);
    }

    static QJsonObject json(const httplib::Result& res)
    {
        if (!res)
            return {};
        return QJsonDocument::fromJson(QByteArray::fromStdString(res->body)).object();
    }

    static std::string errorCode(const httplib::Result& res)
    {
        return json(res).value(QLatin1String("error")).toString().toStdString();
    }

private:
    static void dropPostgresTables(const QString& url)
    {
        auto parsed = DatabaseUrl::parse(url);
        if (!parsed)
            return;
        const QString name = QStringLiteral("fixture-reset");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(parsed.value().host);
            db.setPort(parsed.value().port);
            db.setUserName(parsed.value().user);
            db.setDatabaseName(parsed.value().databaseName);
            if (db.open()) {
                QSqlQuery q(db);
                // Every table of every schema version, including ones added later.
                q.exec(QStringLiteral("DROP SCHEMA public CASCADE"));
                q.exec(QStringLiteral("CREATE SCHEMA public"));
            } else {
                qWarning("cannot reach the PostgreSQL test cluster: %s", qPrintable(db.lastError().text()));
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }

    QTemporaryDir m_dir;
    const Clock& m_clock;
    ServiceConfig m_service;
    HttpServerConfig m_http;
    std::unique_ptr<KeyDeskServer> m_server;
    int m_port = 0;
};
