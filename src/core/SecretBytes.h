#pragma once

#include "SecureMemory.h"

#include <QByteArray>
#include <QString>
#include <vector>

// Secret material (API key secrets, tokens) in a buffer of its own (SecureMemory: locked in RAM, out of core
// dumps) that is zeroed when cleared or destroyed. Copies are deep, so each copy wipes itself; QByteArray's
// shared buffers could not promise that.
class SecretBytes
{
public:
    SecretBytes() = default;
    explicit SecretBytes(const QByteArray& bytes);
    static SecretBytes fromUtf8(const QString& text);
    SecretBytes(const SecretBytes& other) = default;
    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(const SecretBytes& other);
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    ~SecretBytes();

    bool isEmpty() const { return m_bytes.empty(); }
    int size() const { return int(m_bytes.size()); }
    const char* data() const { return m_bytes.data(); }
    char* data() { return m_bytes.data(); } // for filling a buffer of known size (a derived key, say)

    // A QByteArray copy for APIs that need one; callers wipe it with wipe() as soon as they are done.
    QByteArray toByteArray() const;
    QString toUtf8String() const;
    void clear();

    // Constant-time comparison: no early exit that leaks how many leading bytes matched.
    bool equals(const SecretBytes& other) const;

    // Zeroes a temporary copy we own. A buffer still shared with another QByteArray (a QNetworkRequest's
    // header, say, which Qt sends later) is only released: zeroing it would change the other holder's bytes.
    static void wipe(QByteArray& bytes);
    static void wipe(QString& text);

private:
    std::vector<char, SecureMemory::Allocator<char>> m_bytes;
};
