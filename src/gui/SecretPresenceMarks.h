#pragma once

#include "storage/SecretStore.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

class InventoryTableModel;
class QTableView;

// Which keys on screen have no secret in this computer's keychain (created on another computer, or the
// entry was removed), so the inventory can say "secret not on this computer". Only the rows in view are
// asked about, a moment after they come into view, and by the keychain's own index where it has one: the
// keychain is never unlocked and no secret is read for a mark. What was learnt is forgotten on every
// reload, as ids are reused and secrets replaced.
class SecretPresenceMarks : public QObject
{
    Q_OBJECT

public:
    SecretPresenceMarks(SecretStore& secrets, InventoryTableModel& model, QTableView& view,
                        QObject* parent = nullptr);

    bool isMissing(qint64 credentialId) const { return m_missing.contains(credentialId); }
    static constexpr int MaxProbesPerPass = 100;
    static QString missingText();   // "secret not on this computer"
    static QString missingShort();  // "no secret here", for the narrow Status column
    static QString missingAdvice(); // why, and what to do

signals:
    // A credential's mark appeared or went away.
    void changed(qint64 credentialId);

private:
    void probeRowsInView();
    void answered(qint64 credentialId, SecretStore::Presence presence);

    SecretStore& m_secrets;
    InventoryTableModel& m_model;
    QTableView& m_view;
    QTimer m_settle;
    QSet<qint64> m_missing;
    QSet<qint64> m_known; // answered since the last reload
    QSet<qint64> m_asking;
    quint64 m_generation = 0; // answers from before a reload are dropped
};
