#pragma once

#include <QtGlobal>
#include <memory>

class QNetworkReply;

// Bounds one reply in size and in time, whatever the peer does: more than `maxBytes` of body, or no complete
// answer within `deadlineMs` (a peer that trickles a byte a second never trips Qt's transfer timeout), and
// the reply is aborted as soon as Qt reports the bytes, so memory stays within the cap plus one network
// read. (A capped read buffer would not do: Qt then stalls at the cap without reporting more, until a
// timeout.) Once the reply has finished, `tripped()` says which limit ended it, if any.
class ReplyGuard
{
public:
    enum class Tripped
    {
        None,
        TooLarge,
        Deadline
    };
    static constexpr int DefaultDeadlineMs = 30000;

    static std::shared_ptr<const ReplyGuard> watch(QNetworkReply* reply, qint64 maxBytes, int deadlineMs);

    Tripped tripped() const { return m_tripped; }

private:
    Tripped m_tripped = Tripped::None;
};
