#pragma once

#include "Credential.h"

#include <QList>
#include <QSet>
#include <QString>

// Which expiry reminders are due: keys expiring within N days, and keys that have expired. Each reminder
// has a key naming the credential, its expiry moment and the threshold, so it is shown once -- and shown
// again only for a new expiry (a rotated or extended key) or a different threshold.
class ReminderPlanner
{
public:
    struct Reminder
    {
        enum class Kind
        {
            ExpiringSoon,
            Expired
        };
        Kind kind;
        qint64 credentialId;
        QString key; // what "already shown" is remembered by
        QString title;
        QString message;
    };

    static QList<Reminder> due(const QList<Credential>& credentials, const QDateTime& now, int thresholdDays,
                               const QSet<QString>& alreadyShown);
};
