#include "ReplyGuard.h"

#include <QNetworkReply>
#include <QTimer>

std::shared_ptr<const ReplyGuard> ReplyGuard::watch(QNetworkReply* reply, qint64 maxBytes, int deadlineMs)
{
    auto guard = std::make_shared<ReplyGuard>();
    QObject::connect(reply, &QNetworkReply::downloadProgress, reply,
                     [reply, guard, maxBytes](qint64 received, qint64) {
                         if (received > maxBytes && guard->m_tripped == Tripped::None) {
                             guard->m_tripped = Tripped::TooLarge;
                             reply->abort();
                         }
                     });
    // The timer is the reply's child: it dies with the reply and never fires for a finished one.
    auto* deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    QObject::connect(deadline, &QTimer::timeout, reply, [reply, guard] {
        if (reply->isRunning() && guard->m_tripped == Tripped::None) {
            guard->m_tripped = Tripped::Deadline;
            reply->abort();
        }
    });
    QObject::connect(reply, &QNetworkReply::finished, deadline, &QTimer::stop);
    deadline->start(deadlineMs);
    return guard;
}
