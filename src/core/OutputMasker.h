#pragma once

#include <QByteArray>
#include <QList>

// Replaces every occurrence of the given secrets in a stream that arrives in chunks with a marker, also when
// a secret is split across chunks: the end of a chunk that could begin a secret is held back until the next
// one (or finish()) shows whether it does. Everything else is passed on at once, so interactive output keeps
// flowing.
class OutputMasker
{
public:
    explicit OutputMasker(QList<QByteArray> secrets,
                          QByteArray marker = QByteArrayLiteral("<concealed by keydesk>"));
    ~OutputMasker(); // wipes the secrets and what is held back
    OutputMasker(const OutputMasker&) = delete;
    OutputMasker& operator=(const OutputMasker&) = delete;

    // What may be written now.
    QByteArray feed(const QByteArray& chunk);
    // The held-back rest, at the end of the stream.
    QByteArray finish();

private:
    QByteArray drain(bool final);
    qsizetype heldBack(qsizetype from) const;

    QList<QByteArray> m_secrets; // longest first: a secret that contains another is replaced whole
    QByteArray m_marker;
    QByteArray m_pending;
};
