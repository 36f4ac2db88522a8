#pragma once

#include <QEventLoop>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTimer>

// Runs keydesk-cli (KEYDESK_CLI_BINARY) on its own data folder, as a user would from a shell.
struct CliRun
{
    int code = -1;
    QString out;
    QString err;
};

inline CliRun runCli(const QString& dataDir, const QStringList& args, const QByteArray& stdinData = {},
                     bool withoutKeychain = false)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), dataDir);
    if (withoutKeychain) { // no session bus at all: without DISPLAY either, nothing autolaunches one
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        env.remove(QStringLiteral("DISPLAY"));
    }
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(KEYDESK_CLI_BINARY), args);
    p.write(stdinData);
    p.closeWriteChannel();
    CliRun r;
    // Waiting in an event loop, not in waitForFinished(): loopback peers of this process (FakeHttpServer)
    // must keep answering while the CLI talks to them.
    QEventLoop wait;
    QObject::connect(&p, &QProcess::finished, &wait, &QEventLoop::quit);
    QTimer::singleShot(30000, &wait, &QEventLoop::quit);
    if (p.state() != QProcess::NotRunning)
        wait.exec();
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}
