#pragma once

#include "core/Credential.h"
#include "core/SecretStore.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

class InventoryTableModel;
class QTableView;

// Which keys on screen have no secret in this computer's keychain (created on another computer, or the
// entry was removed), so the inventory can say so. Only the rows in view are asked about, a moment after
// they come into view, and only by the keychain's index (SecretStore::probeSecret): no secret is read, the
// keychain is never unlocked, and a store that cannot tell for sure marks nothing. Answers are kept by
// keychain entry -- a search or filter asks nothing again -- until the next refresh forgets them.
class SecretPresenceMarks : public QObject
{
    Q_OBJECT

public:
    SecretPresenceMarks(SecretStore& secrets, InventoryTableModel& model, QTableView& view,
                        QObject* parent = nullptr);

    bool isMissing(const Credential& credential) const;
    bool isKnown(const Credential& credential) const;
    // Secrets may have been added or replaced: ask again about the rows in view.
    void forgetAll();

    static constexpr int MaxProbesPerPass = 100;
    static QString missingText();   // "secret not on this computer"
    static QString missingShort();  // "no secret here", for the narrow Status column
    static QString missingAdvice(); // why, and what to do

signals:
    // A keychain entry's mark appeared or went away.
    void changed(const QString& account);

private:
    void probeRowsInView();
    void answered(const QString& account, SecretStore::Presence presence);

    SecretStore& m_secrets;
    InventoryTableModel& m_model;
    QTableView& m_view;
    QTimer m_settle;
    QHash<QString, SecretStore::Presence> m_known; // by keychain account
    QSet<QString> m_asking;
    int m_missingCount = 0;   // of m_known's answers
    quint64 m_generation = 0; // answers asked before forgetAll() are dropped
};
