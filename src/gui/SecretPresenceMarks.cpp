#include "SecretPresenceMarks.h"

#include "InventoryTableModel.h"

#include <QPointer>
#include <QScrollBar>
#include <QTableView>

SecretPresenceMarks::SecretPresenceMarks(SecretStore& secrets, InventoryTableModel& model, QTableView& view,
                                         QObject* parent)
    : QObject(parent), m_secrets(secrets), m_model(model), m_view(view)
{
    // Scrolling through a million rows asks only where the user stops.
    m_settle.setSingleShot(true);
    m_settle.setInterval(150);
    connect(&m_settle, &QTimer::timeout, this, &SecretPresenceMarks::probeRowsInView);
    auto later = [this] {
        m_settle.start();
    };
    connect(&m_model, &QAbstractItemModel::modelReset, this, later);
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, later);
    connect(&m_model, &QAbstractItemModel::layoutChanged, this, later);
    connect(m_view.verticalScrollBar(), &QScrollBar::valueChanged, this, later);
    later();
}

bool SecretPresenceMarks::isMissing(const Credential& credential) const
{
    if (m_missingCount == 0) // asked for every Status cell painted: most of the time nothing is marked
        return false;
    return m_known.value(credential.keychainAccount(), SecretStore::Presence::Unknown) ==
           SecretStore::Presence::Missing;
}

bool SecretPresenceMarks::isKnown(const Credential& credential) const
{
    return m_known.contains(credential.keychainAccount());
}

void SecretPresenceMarks::forgetAll()
{
    QStringList marked;
    for (auto it = m_known.cbegin(); it != m_known.cend(); ++it)
        if (it.value() == SecretStore::Presence::Missing)
            marked << it.key();
    m_known.clear();
    m_missingCount = 0;
    m_asking.clear();
    ++m_generation;
    for (const QString& account : marked)
        emit changed(account);
    m_settle.start();
}

void SecretPresenceMarks::probeRowsInView()
{
    const int first = qMax(0, m_view.rowAt(0));
    int last = m_view.rowAt(m_view.viewport()->height() - 1);
    if (last < 0)
        last = m_model.rowCount() - 1;
    last = qMin(last, first + MaxProbesPerPass - 1);
    QPointer<SecretPresenceMarks> self(this);
    for (int row = first; row <= last; ++row) {
        const auto c = m_model.credentialAt(row);
        if (!c)
            continue;
        const QString account = c->keychainAccount();
        if (account.isEmpty() || m_known.contains(account) || m_asking.contains(account))
            continue;
        m_asking.insert(account);
        const quint64 generation = m_generation;
        m_secrets.probeSecret(account, [self, account, generation](SecretStore::Presence presence) {
            if (self && self->m_generation == generation)
                self->answered(account, presence);
        });
    }
}

void SecretPresenceMarks::answered(const QString& account, SecretStore::Presence presence)
{
    m_asking.remove(account);
    const bool wasMissing = m_known.value(account) == SecretStore::Presence::Missing;
    m_known.insert(account, presence);
    const bool missing = presence == SecretStore::Presence::Missing;
    m_missingCount += int(missing) - int(wasMissing);
    if (missing)
        emit changed(account);
}

QString SecretPresenceMarks::missingText()
{
    return tr("secret not on this computer");
}

QString SecretPresenceMarks::missingShort()
{
    return tr("no secret here");
}

QString SecretPresenceMarks::missingAdvice()
{
    return tr("This computer's keychain has no secret for this key: it was made on another computer, or the "
              "entry was removed. Ask whoever keeps it; if nobody can find it, deactivate the key and make a "
              "new one (or Replace Secret for a provider credential).");
}
