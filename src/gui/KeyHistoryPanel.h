#pragma once

#include "core/AuditEvent.h"
#include "core/Credential.h"

#include <QWidget>
#include <optional>

class InventoryStore;
class ServiceSession;
class QLabel;
class QPushButton;
class QTreeWidget;

// The History tab of the key details: who created the key, every change, recent use by address. It shows
// what the inventory kept at once (so it reads offline) and then asks the service for news, keeping them.
class KeyHistoryPanel : public QWidget
{
    Q_OBJECT

public:
    KeyHistoryPanel(InventoryStore& store, QWidget* parent = nullptr);

    // `service` is the key's connected service, or nullptr (offline, or not a KeyDesk key).
    void showKey(const std::optional<Credential>& key, ServiceSession* service);
    QTreeWidget* list() const { return m_list; }

signals:
    void updated(); // the list shows the service's answer (for tests)
    void status(const QString& message, bool problem);

private:
    void fill(const QList<AuditEvent>& events);
    void exportHistory();

    InventoryStore& m_store;
    QTreeWidget* m_list;
    QLabel* m_note;
    QPushButton* m_export;
    std::optional<Credential> m_key;
    QList<AuditEvent> m_shown;
    quint64 m_generation = 0; // answers for a key no longer shown are dropped
};
