#pragma once

#include "Connection.h"
#include "Credential.h"

#include <QHash>
#include <QList>

// The inventory as text: an aligned table for people, JSON and CSV for scripts. Never a secret (there is
// none to show: the inventory holds only metadata).
namespace CredentialFormatter {
QString table(const QList<Credential>& rows, const QHash<qint64, QString>& connectionNames,
              const QDateTime& now);
QString json(const QList<Credential>& rows, const QHash<qint64, QString>& connectionNames,
             const QDateTime& now);
QString csv(const QList<Credential>& rows, const QHash<qint64, QString>& connectionNames,
            const QDateTime& now);
// RFC 4180: quote when needed, double the quotes inside.
QString csvField(const QString& value);
} // namespace CredentialFormatter
