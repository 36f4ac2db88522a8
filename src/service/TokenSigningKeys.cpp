#include "TokenSigningKeys.h"

#include "SecretGenerator.h"
#include "StorageError.h"
#include "sql/SqlTime.h"

using SqlTime::toSql;

namespace {

constexpr qint64 kRecheckMs = 60 * 1000;

} // namespace

TokenSigningKeys::TokenSigningKeys(ServiceDatabase& db, AuditLog& audit, const Clock& clock)
    : m_db(db), m_audit(audit), m_clock(clock)
{}

TokenSigningKeys::Result<void> TokenSigningKeys::load()
{
    // Insert-if-absent, then read: two instances starting together agree on one first key, "k0".
    const QByteArray fresh = SecretGenerator::randomBytes(32).toBase64();
    auto inserted = m_db.execute(QStringLiteral("INSERT INTO signing_keys (kid, secret, created_at) "
                                                "VALUES ('k0', ?, ?) ON CONFLICT (kid) DO NOTHING"),
                                 {QString::fromLatin1(fresh), toSql(m_clock.now())});
    if (!inserted)
        return storageApiError(inserted.error());
    return reload();
}

TokenSigningKeys::Result<void> TokenSigningKeys::reload()
{
    auto rows = m_db.select(
        QStringLiteral("SELECT kid, secret FROM signing_keys ORDER BY created_at DESC, kid DESC"));
    if (!rows || rows.value().isEmpty())
        return storageApiError(rows ? Error(Error::Kind::Storage, QStringLiteral("signing key missing"))
                                    : rows.error());
    QList<SigningKeys::Key> keys;
    for (const auto& row : rows.value())
        keys.append({row.at(0).toString(), QByteArray::fromBase64(row.at(1).toString().toLatin1())});
    m_keys.replace(std::move(keys));
    m_loadedAt.store(m_clock.now().toMSecsSinceEpoch());
    return {};
}

SigningKeys::Key TokenSigningKeys::current()
{
    // Another instance (or `keydesk-server rotate-signing-key`) may have added a key: look once a minute.
    if (m_clock.now().toMSecsSinceEpoch() - m_loadedAt.load() > kRecheckMs)
        (void)reload(); // unreadable now, the keys loaded before sign on; the next call looks again
    return m_keys.current();
}

std::optional<QByteArray> TokenSigningKeys::find(const QString& kid)
{
    if (auto key = m_keys.find(kid))
        return key;
    // A kid we do not know may be newer than our copy. One small read; made-up kids fail authentication,
    // and failures are rate-limited per source address before they get here again.
    (void)reload();
    return m_keys.find(kid);
}

TokenSigningKeys::Result<QString> TokenSigningKeys::rotate(const Actor& by)
{
    const QString kid = QStringLiteral("k") + QString::fromLatin1(SecretGenerator::randomBytes(6).toHex());
    const QDateTime now = m_clock.now();
    auto inserted = m_db.transaction([&]() -> Expected<void> {
        auto added = m_db.execute(
            QStringLiteral("INSERT INTO signing_keys (kid, secret, created_at) VALUES (?, ?, ?)"),
            {kid, QString::fromLatin1(SecretGenerator::randomBytes(32).toBase64()), toSql(now)});
        if (!added)
            return added.error();
        return m_audit.record(by, QStringLiteral("signing_key.rotated"), {}, {},
                              {{QStringLiteral("kid"), kid}});
    });
    if (!inserted)
        return storageApiError(inserted.error());
    // A key replaced more than the longest token lifetime (30 days) ago verifies nothing any more.
    auto pruned = m_db.execute(
        QStringLiteral(
            "DELETE FROM signing_keys WHERE kid IN (SELECT a.kid FROM signing_keys a WHERE "
            "(SELECT MIN(b.created_at) FROM signing_keys b WHERE b.created_at > a.created_at) < ?)"),
        {toSql(now.addDays(-31))});
    if (!pruned)
        return storageApiError(pruned.error());
    if (auto loaded = reload(); !loaded)
        return loaded.error();
    return kid;
}
