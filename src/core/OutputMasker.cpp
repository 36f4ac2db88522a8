#include "OutputMasker.h"

#include "SecretBytes.h"

#include <algorithm>

OutputMasker::OutputMasker(QList<QByteArray> secrets, QByteArray marker) : m_marker(std::move(marker))
{
    for (QByteArray& s : secrets) {
        if (!s.isEmpty() && !m_secrets.contains(s))
            m_secrets << std::move(s);
    }
    std::sort(m_secrets.begin(), m_secrets.end(),
              [](const QByteArray& a, const QByteArray& b) { return a.size() > b.size(); });
}

OutputMasker::~OutputMasker()
{
    for (QByteArray& s : m_secrets)
        SecretBytes::wipe(s);
    SecretBytes::wipe(m_pending);
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

QByteArray OutputMasker::drain(bool final)
{
    QByteArray out;
    qsizetype from = 0;
    for (;;) {
        // The earliest secret in what is left (the longest one where several start at the same place).
        qsizetype at = -1;
        qsizetype length = 0;
        for (const QByteArray& s : m_secrets) {
            const qsizetype found = m_pending.indexOf(s, from);
            if (found >= 0 && (at < 0 || found < at)) {
                at = found;
                length = s.size();
            }
        }
        // A longer secret that may still be coming, starting at or before it, waits for more.
        const qsizetype mayStart = m_pending.size() - heldBack(from);
        if (at < 0 || (!final && mayStart <= at))
            break;
        out += QByteArrayView(m_pending).sliced(from, at - from);
        out += m_marker;
        from = at + length;
    }
    m_pending.remove(0, from);
    const qsizetype keep = final ? 0 : heldBack(0);
    out += QByteArrayView(m_pending).first(m_pending.size() - keep);
    m_pending.remove(0, m_pending.size() - keep);
    return out;
}

qsizetype OutputMasker::heldBack(qsizetype from) const
{
    // The longest end of the pending bytes (from `from` on) that is the start of some secret.
    qsizetype keep = 0;
    for (const QByteArray& s : m_secrets) {
        for (qsizetype n = std::min(s.size() - 1, m_pending.size() - from); n > keep; --n) {
            if (m_pending.endsWith(QByteArrayView(s).first(n))) {
                keep = n;
                break;
            }
        }
    }
    return keep;
}
