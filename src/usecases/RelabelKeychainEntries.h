#pragma once

#include "core/Connection.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <functional>

class InventoryStore;
class SecretStore;

// Gives every keychain entry of the inventory its readable label ("KeyDesk: <name> (<connection>)") --
// entries written before labels existed are all called "keydesk" in KeePassXC and Seahorse. Entries are
// relabelled one after another and never unlocked for it: with the keychain locked, the pass reports a
// problem and the next start tries again. The inventory is read a page at a time from the event loop, so a
// large one neither delays the window nor fills memory (it did both: 2.4 s and 110 MB at 100,000 keys).
class RelabelKeychainEntries : public QObject
{
    Q_OBJECT

public:
    struct Report
    {
        int relabelled = 0;
        QStringList problems; // empty: every entry carries its label now
    };
    using Done = std::function<void(Report)>;

    RelabelKeychainEntries(InventoryStore& store, SecretStore& secrets, QObject* parent = nullptr);
    // Every connection's entries, or only those of `connectionId` (after it was renamed).
    void run(Done done, qint64 connectionId = 0);

private:
    struct Entry
    {
        QString account;
        QString label;
    };
    void next();
    // Reads the next page of credentials into m_entries; false when every connection has been read.
    bool readPage();
    void problem(const QString& message);

    InventoryStore& m_store;
    SecretStore& m_secrets;
    QList<Entry> m_entries;
    QList<Connection> m_unread; // connections whose credentials are still to be read
    int m_offset = 0;           // into the first of them
    Report m_report;
    Done m_done;
};
