#include "KeychainNames.h"

#include <QRandomGenerator>

namespace KeychainNames {

QString credential(const QString& connectionUid, const QString& keyId)
{
    if (connectionUid.isEmpty() || keyId.isEmpty())
        return {};
    return QStringLiteral("credential/%1/%2").arg(connectionUid, keyId);
}

QString serviceToken(const QString& connectionUid)
{
    return connectionUid.isEmpty() ? QString() : QStringLiteral("service-token/%1").arg(connectionUid);
}

QString label(const QString& what, const QString& connectionName)
{
    return connectionName.isEmpty() ? QStringLiteral("KeyDesk: %1").arg(what)
                                    : QStringLiteral("KeyDesk: %1 (%2)").arg(what, connectionName);
}

QString newConnectionUid()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(words), sizeof words).toHex());
}

QString legacyCredential(qint64 connectionId, const QString& keyId)
{
    return QStringLiteral("connection-%1/%2").arg(connectionId).arg(keyId);
}

QString legacyServiceToken(qint64 connectionId)
{
    return QStringLiteral("connection-%1/admin-token").arg(connectionId);
}

QString legacyAppServiceToken()
{
    return QStringLiteral("remote-service/admin-token");
}

} // namespace KeychainNames
