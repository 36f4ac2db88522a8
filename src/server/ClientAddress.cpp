#include "ClientAddress.h"

#include <QByteArrayList>

namespace ClientAddress {

std::string resolve(const std::string& peer, const std::string& forwardedFor,
                    const QList<QHostAddress>& trustedProxies)
{
    if (trustedProxies.isEmpty())
        return peer;
    QHostAddress current(QString::fromStdString(peer));
    const QByteArrayList hops = QByteArray::fromStdString(forwardedFor).split(',');
    for (auto hop = hops.crbegin(); hop != hops.crend() && trustedProxies.contains(current); ++hop) {
        const QHostAddress next(QString::fromLatin1(hop->trimmed()));
        if (next.isNull())
            break; // garbage from the client side: the last address we could trust stands
        current = next;
    }
    return current.isNull() ? peer : current.toString().toStdString();
}

} // namespace ClientAddress
