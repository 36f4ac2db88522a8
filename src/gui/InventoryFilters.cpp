#include "InventoryFilters.h"

#include "InventoryTableModel.h"
#include "ProjectControls.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QListWidget>

namespace {

enum Menu
{
    AllKeys,
    Active,
    Inactive,
    ExpiringSoon,
    Expired,
    NeverUsed,
    NotTested
};
constexpr int NotTestedDays = 30;

QString expiringText(int days)
{
    return QCoreApplication::translate("MainWindow", "Expiring within %1 days").arg(days);
}

} // namespace

InventoryFilters::InventoryFilters(QComboBox* menu, QListWidget* connections, int reminderDays,
                                   InventoryTableModel* model, QObject* parent)
    : QObject(parent), m_menu(menu), m_connections(connections), m_reminderDays(reminderDays), m_model(model)
{
    // The menu's words were the main window's; they keep its translation context.
    m_menu->addItem(QCoreApplication::translate("MainWindow", "All keys"));
    m_menu->addItem(QCoreApplication::translate("MainWindow", "Active"));
    m_menu->addItem(QCoreApplication::translate("MainWindow", "Inactive"));
    m_menu->addItem(expiringText(reminderDays));
    m_menu->addItem(QCoreApplication::translate("MainWindow", "Expired"));
    m_menu->addItem(QCoreApplication::translate("MainWindow", "Never used"));
    m_menu->addItem(QCoreApplication::translate("MainWindow", "Not tested for 30 days"));
    connect(m_menu, &QComboBox::currentIndexChanged, this, &InventoryFilters::apply);
    connect(m_connections, &QListWidget::currentRowChanged, this, &InventoryFilters::apply);
}

void InventoryFilters::setReminderDays(int days)
{
    m_reminderDays = days;
    m_menu->setItemText(ExpiringSoon, expiringText(days));
    if (m_menu->currentIndex() == ExpiringSoon)
        apply();
}

void InventoryFilters::setProjectPicker(QComboBox* projects)
{
    m_projects = projects;
}

void InventoryFilters::apply()
{
    InventoryQuery filter;
    switch (m_menu->currentIndex()) {
    case Active:
        filter.status = KeyStatus::Active;
        break;
    case Inactive:
        filter.status = KeyStatus::Inactive;
        break;
    case ExpiringSoon:
        filter.expiringWithinDays = m_reminderDays;
        break;
    case Expired:
        filter.status = KeyStatus::Expired;
        break;
    case NeverUsed:
        filter.neverUsed = true;
        break;
    case NotTested:
        filter.notTestedForDays = NotTestedDays;
        break;
    default:
        break;
    }
    const QListWidgetItem* connection = m_connections->currentItem();
    if (connection && connection->data(Qt::UserRole).toLongLong() > 0)
        filter.connectionId = connection->data(Qt::UserRole).toLongLong();
    if (m_projects && !m_projects->currentData().toString().isEmpty()) {
        filter.connectionId = m_projects->currentData(ProjectControls::ConnectionRole).toLongLong();
        filter.projectId = m_projects->currentData().toString();
    }
    m_model->setFilter(filter);
}
