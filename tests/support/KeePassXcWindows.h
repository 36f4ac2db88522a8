#pragma once

#include <QDBusConnection>
#include <QDBusMessage>
#include <QElapsedTimer>
#include <QProcess>
#include <QTest>
#include <QTimer>

// KeePassXC's dialogs on the test's Xvfb (tests/with-keepassxc.sh), found and answered with xdotool as a
// person would: real key events after focusing the window (docs/keychains.md says why not others).
namespace KeePassXcWindows {

inline const QString Unlock = QStringLiteral("Unlock Database - KeePassXC");
// A person reads a dialog before answering it; KeyDesk says it waits on one after 400 ms.
constexpr int ReadingTimeMs = 800;

inline QString xdotool(const QStringList& arguments)
{
    QProcess p;
    p.start(QStringLiteral("xdotool"), arguments);
    if (!p.waitForFinished(5000))
        p.kill();
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

// The id of the window with exactly this title, or empty.
inline QString find(const QString& title)
{
    return xdotool({QStringLiteral("search"), QStringLiteral("--onlyvisible"), QStringLiteral("--name"),
                    QLatin1Char('^') + QRegularExpression::escape(title) + QLatin1Char('$')})
        .section(QLatin1Char('\n'), 0, 0);
}

// Waits, spinning the event loop (a keychain job of this process is running), for the window to show.
inline QString await(const QString& title, int timeoutMs = 15000)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        const QString id = find(title);
        if (!id.isEmpty())
            return id;
        QTest::qWait(200);
    }
    return {};
}

inline void dismiss(const QString& window)
{
    xdotool({QStringLiteral("windowfocus"), QStringLiteral("--sync"), window});
    xdotool({QStringLiteral("key"), QStringLiteral("Escape")});
}

inline void typePassword(const QString& window)
{
    xdotool({QStringLiteral("windowfocus"), QStringLiteral("--sync"), window});
    xdotool({QStringLiteral("type"), qEnvironmentVariable("KEYDESK_KPX_PASSWORD")});
    xdotool({QStringLiteral("key"), QStringLiteral("Return")});
}

// Answers the dialog `title` with `answer` as soon as it shows, while the caller blocks in its own loop (a
// keydesk-cli run). Returns how to know it was answered.
inline std::shared_ptr<bool> answerWhenShown(const QString& title, std::function<void(const QString&)> answer)
{
    auto answered = std::make_shared<bool>(false);
    auto* poll = new QTimer;
    QObject::connect(poll, &QTimer::timeout, poll, [poll, title, answer, answered] {
        const QString id = find(title);
        if (id.isEmpty())
            return;
        poll->stop();
        QTimer::singleShot(ReadingTimeMs, [answer, id, answered] {
            answer(id);
            *answered = true;
        });
        poll->deleteLater();
    });
    poll->start(250);
    QTimer::singleShot(30000, poll, &QObject::deleteLater);
    return answered;
}

// Locks every database, as KeePassXC's own lock button does.
inline bool lockAll()
{
    QDBusMessage lock = QDBusMessage::createMethodCall(
        QStringLiteral("org.keepassxc.KeePassXC.MainWindow"), QStringLiteral("/keepassxc"),
        QStringLiteral("org.keepassxc.KeePassXC.MainWindow"), QStringLiteral("lockAllDatabases"));
    return QDBusConnection::sessionBus().call(lock, QDBus::Block, 5000).type() == QDBusMessage::ReplyMessage;
}

} // namespace KeePassXcWindows
