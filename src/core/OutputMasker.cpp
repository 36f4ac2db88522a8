#include "OutputMasker.h"

#include "SecretBytes.h"

#include <QUrl>
#include <cstring>

namespace {

quint64 windowAt(const char* bytes)
{
    quint64 window = 0;
    std::memcpy(&window, bytes, sizeof window);
    return window;
}
static_assert(OutputMasker::MinPiece == sizeof(quint64), "a window is read as one 64-bit word");

// How many bytes of `text` from `at` equal `secret` from `offset`.
qsizetype commonLength(const QByteArray& text, qsizetype at, const QByteArray& secret, qsizetype offset)
{
    qsizetype n = 0;
    while (at + n < text.size() && offset + n < secret.size() && text[at + n] == secret[offset + n])
        ++n;
    return n;
}

QByteArray formEncoded(const QByteArray& value)
{
    QByteArray encoded = QUrl::toPercentEncoding(value, " ");
    encoded.replace(' ', '+');
    return encoded;
}

} // namespace

OutputMasker::OutputMasker(QList<QByteArray> secrets, QByteArray marker) : m_marker(std::move(marker))
{
    for (QByteArray& s : secrets) {
        if (!s.isEmpty() && !m_secrets.contains(s))
            m_secrets << s;
        SecretBytes::wipe(s);
    }
    for (int i = 0; i < m_secrets.size(); ++i) {
        const QByteArray& s = m_secrets.at(i);
        for (qsizetype offset = 0; offset + MinPiece <= s.size(); ++offset)
            m_windows[windowAt(s.constData() + offset)].append({i, int(offset)});
    }
}

OutputMasker::~OutputMasker()
{
    for (QByteArray& s : m_secrets)
        SecretBytes::wipe(s);
    SecretBytes::wipe(m_pending);
}

QList<QByteArray> OutputMasker::printedForms(const QByteArray& value, const QByteArray& user)
{
    using E = QByteArray::Base64Option;
    const QByteArray::Base64Options unpadded = E::OmitTrailingEquals;
    QList<QByteArray> forms{value,
                            value.toBase64(),
                            value.toBase64(unpadded),
                            value.toBase64(E::Base64UrlEncoding),
                            value.toBase64(E::Base64UrlEncoding | unpadded),
                            QUrl::toPercentEncoding(value),
                            QUrl::toPercentEncoding(value).toLower(),
                            formEncoded(value),
                            value.toHex(),
                            value.toHex().toUpper()};
    if (!user.isEmpty()) {
        QList<QByteArray> pairs{user + ':' + value, formEncoded(user) + ':' + formEncoded(value)};
        for (QByteArray& pair : pairs) {
            forms << pair.toBase64() << pair.toBase64(unpadded) << pair.toBase64(E::Base64UrlEncoding);
            SecretBytes::wipe(pair);
        }
    }
    return forms;
}

QByteArray OutputMasker::feed(const QByteArray& chunk)
{
    m_pending += chunk;
    return drain(false);
}

QByteArray OutputMasker::finish()
{
    return drain(true);
}

OutputMasker::Match OutputMasker::matchAt(qsizetype at) const
{
    Match best;
    auto consider = [&](const QByteArray& secret, qsizetype offset) {
        const qsizetype n = commonLength(m_pending, at, secret, offset);
        // Whatever is found, more bytes may make it longer (or whole) while it reaches the end.
        best.mayGoOn |= n > 0 && at + n == m_pending.size() && offset + n < secret.size();
        const bool whole = offset == 0 && n == secret.size();
        if ((whole || n >= MinPiece) && n > best.length)
            best.length = n;
    };
    if (at + MinPiece <= m_pending.size()) {
        const auto found = m_windows.constFind(windowAt(m_pending.constData() + at));
        if (found != m_windows.cend()) {
            for (const auto& [secret, offset] : *found)
                consider(m_secrets.at(secret), offset);
        }
    }
    for (const QByteArray& s : m_secrets) { // secrets too short for a window count only whole
        if (s.size() < MinPiece)
            consider(s, 0);
    }
    return best;
}

bool OutputMasker::couldStartAPiece(qsizetype at) const
{
    // Fewer than MinPiece bytes are left: more may make them a piece, or a whole short secret.
    const QByteArrayView rest = QByteArrayView(m_pending).sliced(at);
    if (rest.size() >= MinPiece)
        return false;
    for (const QByteArray& s : m_secrets) {
        if (s.size() >= MinPiece ? s.contains(rest) : s.startsWith(rest))
            return true;
    }
    return false;
}

QByteArray OutputMasker::drain(bool final)
{
    QByteArray out;
    qsizetype at = 0;
    while (at < m_pending.size()) {
        const Match match = matchAt(at);
        if (!final && (match.mayGoOn || (match.length == 0 && couldStartAPiece(at))))
            break; // wait for what comes next
        if (match.length > 0) {
            out += m_marker;
            at += match.length;
        } else {
            out += m_pending.at(at++);
        }
    }
    m_pending.remove(0, at);
    return out;
}
