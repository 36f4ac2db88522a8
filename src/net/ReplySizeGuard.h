#pragma once

#include <QNetworkReply>
#include <memory>

// Aborts a reply as soon as it has delivered more than `maxBytes`, so a hostile or broken peer cannot make
// us buffer an unbounded body. The returned flag says, once finished, whether that happened.
inline std::shared_ptr<bool> guardReplySize(QNetworkReply* reply, qint64 maxBytes)
{
    auto tooLarge = std::make_shared<bool>(false);
    QObject::connect(reply, &QNetworkReply::downloadProgress, reply,
                     [reply, tooLarge, maxBytes](qint64 received, qint64) {
                         if (received > maxBytes && !*tooLarge) {
                             *tooLarge = true;
                             reply->abort();
                         }
                     });
    return tooLarge;
}
