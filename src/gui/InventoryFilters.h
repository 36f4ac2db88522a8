#pragma once

#include <QObject>

class InventoryTableModel;
class QComboBox;
class QListWidget;

// The inventory's filters: the filter menu (status, expiry, use, tests) and the connection picked in the
// connections list, applied to the table together whenever either changes. The search box is the model's
// own (it keeps the search text across filter changes).
class InventoryFilters : public QObject
{
    Q_OBJECT

public:
    // Fills `menu`; connection items carry their id in Qt::UserRole (0 for "all").
    InventoryFilters(QComboBox* menu, QListWidget* connections, int reminderDays, InventoryTableModel* model,
                     QObject* parent = nullptr);

    // The project picker (ProjectControls): its items carry a project id ("" for all) and its connection.
    void setProjectPicker(QComboBox* projects);
    void apply();
    // "Expiring soon" means this many days from now on (Preferences); the table follows at once.
    void setReminderDays(int days);

private:
    QComboBox* m_menu;
    QListWidget* m_connections;
    int m_reminderDays;
    InventoryTableModel* m_model;
    QComboBox* m_projects = nullptr;
};
