#include "SecretPresenceMarks.h"

#include "InventoryTableModel.h"

#include <QHeaderView>
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
    connect(&m_model, &QAbstractItemModel::modelReset, this, [this, later] {
        const QSet<qint64> marked = m_missing;
        m_missing.clear();
        m_known.clear();
        m_asking.clear();
        ++m_generation;
        for (qint64 id : marked)
            emit changed(id);
        later();
    });
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, later);
    connect(&m_model, &QAbstractItemModel::layoutChanged, this, later);
    connect(m_view.verticalScrollBar(), &QScrollBar::valueChanged, this, later);
    later();
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
        if (!c || m_known.contains(c->id) || m_asking.contains(c->id))
            continue;
        m_asking.insert(c->id);
        const qint64 id = c->id;
        const quint64 generation = m_generation;
        m_secrets.probeSecret(c->keychainAccount(), [self, id, generation](SecretStore::Presence presence) {
            if (self && self->m_generation == generation)
                self->answered(id, presence);
        });
    }
}

void SecretPresenceMarks::answered(qint64 credentialId, SecretStore::Presence presence)
{
    m_asking.remove(credentialId);
    m_known.insert(credentialId);
    const bool missing = presence == SecretStore::Presence::Missing;
    if (missing == m_missing.contains(credentialId))
        return;
    if (missing)
        m_missing.insert(credentialId);
    else
        m_missing.remove(credentialId);
    emit changed(credentialId);
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
