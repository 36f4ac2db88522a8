#pragma once

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <unistd.h>

// A throwaway PostgreSQL cluster a test owns: started by tests/postgres-fixture.sh (KEYDESK_PG_FIXTURE), on
// a socket folder and port of its own written into its configuration (so pg_ctl start and restart need no
// options), stopped, restarted, promoted and queried as the test needs. Root runs PostgreSQL's programs as
// the postgres user, as the fixture does.
class PostgresCluster
{
public:
    PostgresCluster(QString dir, int port) : m_dir(std::move(dir)), m_port(port) {}

    const QString& dir() const { return m_dir; }
    int port() const { return m_port; }
    QString url() const
    {
        return QStringLiteral("postgresql://keydesk@localhost:%1/keydesk?host=%2").arg(m_port).arg(m_dir);
    }

    // A new cluster (initdb, a keydesk database), listening where this one says.
    bool create()
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QStringLiteral(KEYDESK_PG_FIXTURE),
                {QStringLiteral("start"), m_dir, QString::number(m_port)});
        if (!p.waitForFinished(60000) || p.exitCode() != 0)
            return false;
        return configure(QStringLiteral("listen_addresses = ''\nfsync = off\n"));
    }

    // A streaming standby of `primary` (pg_basebackup -R), not yet started.
    bool createStandbyOf(const PostgresCluster& primary)
    {
        QProcess::execute(QStringLiteral("rm"), {QStringLiteral("-rf"), m_dir});
        if (QProcess::execute(QStringLiteral("mkdir"), {QStringLiteral("-p"), m_dir}) != 0 ||
            (::geteuid() == 0 &&
             QProcess::execute(QStringLiteral("chown"), {QStringLiteral("postgres"), m_dir}) != 0))
            return false;
        if (!asPostgres(QStringLiteral("pg_basebackup"),
                        {QStringLiteral("-h"), primary.dir(), QStringLiteral("-p"),
                         QString::number(primary.port()), QStringLiteral("-U"), QStringLiteral("keydesk"),
                         QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-R"),
                         QStringLiteral("-c"), QStringLiteral("fast"), QStringLiteral("-X"),
                         QStringLiteral("stream")}))
            return false;
        // (max_connections as the primary's: a standby with fewer refuses to replay)
        return configure(QStringLiteral("max_connections = 200\n"));
    }

    void remove()
    {
        QProcess p;
        p.start(QStringLiteral(KEYDESK_PG_FIXTURE), {QStringLiteral("stop"), m_dir});
        p.waitForFinished(60000);
        QProcess::execute(QStringLiteral("rm"), {QStringLiteral("-rf"), m_dir});
    }

    bool start(const QStringList& options = {})
    {
        return pgCtl(QStringList{QStringLiteral("-l"), m_dir + QStringLiteral("/server.log")} + options +
                     QStringList{QStringLiteral("start")});
    }
    bool isRunning() { return pgCtl({QStringLiteral("status")}); }
    // pg_ctl on this cluster (waiting up to 30 s), e.g. {"-m", "immediate", "stop"} or {"promote"}.
    bool pgCtl(const QStringList& args)
    {
        return asPostgres(QStringLiteral("pg_ctl"),
                          QStringList{QStringLiteral("-D"), m_dir + QStringLiteral("/data"),
                                      QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("30")} +
                              args);
    }

    // One statement as the cluster's superuser, on a connection of its own.
    bool sql(const QString& statement)
    {
        bool ok = false;
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("cluster-admin"));
            db.setHostName(m_dir);
            db.setPort(m_port);
            db.setUserName(QStringLiteral("keydesk"));
            db.setDatabaseName(QStringLiteral("keydesk"));
            if (db.open()) {
                QSqlQuery q(db);
                ok = q.exec(statement);
                if (!ok)
                    qWarning("%s: %s", qPrintable(statement), qPrintable(q.lastError().text()));
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("cluster-admin"));
        return ok;
    }

    // Cuts every connection to the keydesk database but the one asking.
    bool terminateConnections()
    {
        return sql(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = 'keydesk' AND pid <> pg_backend_pid()"));
    }

private:
    bool configure(const QString& more)
    {
        QFile conf(m_dir + QStringLiteral("/data/postgresql.conf"));
        if (!conf.open(QIODevice::Append))
            return false;
        return conf.write(QStringLiteral("\nport = %1\nunix_socket_directories = '%2'\n")
                              .arg(m_port)
                              .arg(m_dir)
                              .toUtf8() +
                          more.toUtf8()) > 0;
    }

    static bool asPostgres(const QString& program, const QStringList& args)
    {
        QProcess find;
        find.start(
            QStringLiteral("sh"),
            {QStringLiteral("-c"), QStringLiteral("ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1")});
        find.waitForFinished();
        QStringList command{QString::fromUtf8(find.readAllStandardOutput()).trimmed() + QLatin1Char('/') +
                            program};
        command += args;
        QProcess p;
        p.setWorkingDirectory(QStringLiteral("/"));
        if (::geteuid() == 0)
            p.start(QStringLiteral("runuser"),
                    QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--")} +
                        command);
        else
            p.start(command.first(), command.mid(1));
        return p.waitForFinished(60000) && p.exitCode() == 0;
    }

    QString m_dir;
    int m_port;
};
