#include "InventoryPane.h"

#include "EmptyInventoryAdvice.h"
#include "EmptyStatePanel.h"
#include "EscapeClears.h"
#include "InventoryColumns.h"
#include "InventoryCountLabel.h"
#include "InventoryFilters.h"
#include "InventoryTableModel.h"
#include "KeyActions.h"
#include "ProjectControls.h"
#include "SecretPresenceMarks.h"
#include "SelectionKeeper.h"
#include "ui_MainWindow.h"

#include <QStatusBar>

InventoryPane::InventoryPane(Ui::MainWindow& ui, InventoryTableModel& model, InventoryStore& store,
                             ServiceSessions& sessions, SecretStore* secrets,
                             const ConnectionsPane& connections, ProjectControls& projects, int reminderDays,
                             QStatusBar* statusBar, QObject* parent)
    : QObject(parent), m_ui(ui), m_model(model), m_projects(projects)
{
    InventoryColumns::setUp(ui.inventoryTableView, &model);
    m_selection = new SelectionKeeper(ui.inventoryTableView, &model);
    if (secrets) {
        m_marks = new SecretPresenceMarks(*secrets, model, *ui.inventoryTableView, this);
        model.setSecretMarks(m_marks);
    }
    auto* countLabel = new InventoryCountLabel(statusBar);
    statusBar->addPermanentWidget(countLabel);
    connect(&model, &InventoryTableModel::rowsCounted, countLabel, &InventoryCountLabel::showCount);
    auto* showAllKeys = new QAction(tr("Show &All Keys"), this);
    connect(showAllKeys, &QAction::triggered, this, &InventoryPane::showAll);
    auto* advice = new EmptyInventoryAdvice(new EmptyStatePanel(ui.inventoryTableView->viewport()), ui, store,
                                            sessions, connections, showAllKeys);
    connect(&model, &InventoryTableModel::rowsCounted, advice, &EmptyInventoryAdvice::update);
    connect(ui.searchLineEdit, &QLineEdit::textChanged, &model, &InventoryTableModel::setSearch);
    EscapeClears::install(ui.searchLineEdit);
    model.setReminderDays(reminderDays);
    m_filters = new InventoryFilters(ui.filterComboBox, ui.connectionsListWidget, reminderDays, &model, this);
    m_filters->setProjectPicker(ui.projectComboBox);
    connect(&projects, &ProjectControls::picked, m_filters, &InventoryFilters::apply);
}

void InventoryPane::follow(const KeyActions& actions)
{
    // The use cases have written each change to the inventory (a test's result, a synced service).
    connect(&actions, &KeyActions::tested, this, &InventoryPane::reload);
    connect(&actions, &KeyActions::usedAtService, this, &InventoryPane::reload);
    connect(&actions, &KeyActions::statusChanged, this, &InventoryPane::reload);
    connect(&actions, &KeyActions::rotated, this, &InventoryPane::reload);
    connect(&actions, &KeyActions::successorCreated, this, [this](qint64 connectionId, const QString& keyId) {
        reload();
        reveal(connectionId, keyId);
    });
    connect(&actions, &KeyActions::deactivated, this, [this](qint64 credentialId) {
        reload();
        reveal(credentialId);
    });
    connect(&actions, &KeyActions::removed, this, &InventoryPane::removing);
}

void InventoryPane::setReminderDays(int days)
{
    m_filters->setReminderDays(days);
    m_model.setReminderDays(days);
}

void InventoryPane::reload()
{
    (void)m_model.reload(); // a failure reaches the status line through readFailed
}

void InventoryPane::reveal(qint64 credentialId)
{
    if (m_model.rowOf(credentialId) < 0) // hidden by a pick, a filter or a search
        showAll();
    m_selection->select(credentialId);
}

void InventoryPane::reveal(qint64 connectionId, const QString& keyId)
{
    if (const qint64 id = m_model.idOfKey(connectionId, keyId))
        reveal(id);
}

void InventoryPane::removing(qint64 credentialId)
{
    m_selection->removing(credentialId);
}

void InventoryPane::showAll()
{
    m_projects.setScope(0);
    m_ui.projectComboBox->setCurrentIndex(0);
    m_ui.connectionsListWidget->setCurrentRow(0);
    m_ui.searchLineEdit->clear();
    m_ui.filterComboBox->setCurrentIndex(0);
}
