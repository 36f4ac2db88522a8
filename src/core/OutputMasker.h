#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>

// Replaces secrets in a stream that arrives in chunks with a marker: every whole occurrence, and every piece
// of one at least `MinPiece` bytes long (a secret cut short, split between stdout and stderr, or printed
// without its public last characters). The end of a chunk that could begin such a piece is held back until
// the next one (or finish()) shows whether it does; everything else is passed on at once, so interactive
// output keeps flowing. A program can always encode a value in a way not listed here: this catches mistakes,
// not a program that wants to leak.
class OutputMasker
{
public:
    static constexpr qsizetype MinPiece = 8;

    explicit OutputMasker(QList<QByteArray> secrets,
                          QByteArray marker = QByteArrayLiteral("<concealed by keydesk>"));
    ~OutputMasker(); // wipes the secrets and what is held back
    OutputMasker(const OutputMasker&) = delete;
    OutputMasker& operator=(const OutputMasker&) = delete;

    // The ways programs commonly print a value: as it is, base64 and base64url (padded or not),
    // percent-encoded (either case of hex digits, and as a form encodes it), hex; with `user`, also HTTP
    // Basic's base64 of "user:value" (plain, and form-encoded first as RFC 6749 asks).
    static QList<QByteArray> printedForms(const QByteArray& value, const QByteArray& user = {});

    // What may be written now.
    QByteArray feed(const QByteArray& chunk);
    // The held-back rest, at the end of the stream (a held-back piece long enough is masked too).
    QByteArray finish();

private:
    struct Match
    {
        qsizetype length = 0;
        bool mayGoOn = false; // it reaches the end of what has arrived and the secret continues
    };
    QByteArray drain(bool final);
    Match matchAt(qsizetype at) const;
    bool couldStartAPiece(qsizetype at) const;

    QList<QByteArray> m_secrets;
    // Every MinPiece-byte window of every secret, by its bytes: where pieces can be found quickly.
    QHash<quint64, QList<QPair<int, int>>> m_windows; // -> (secret, offset)
    QByteArray m_marker;
    QByteArray m_pending;
};
