#pragma once

#include <QObject>

namespace Ui {
class MainWindow;
}
class ConnectionsPane;
class EmptyStatePanel;
class InventoryStore;
class QAction;
class ServiceSessions;

// Decides what the empty table says (EmptyStatePanel) each time its rows are counted: with no keys at all,
// the three ways to begin; for a picked service never reached, why nothing is there; otherwise that nothing
// matches, with `showAll` to see everything again.
class EmptyInventoryAdvice : public QObject
{
    Q_OBJECT

public:
    EmptyInventoryAdvice(EmptyStatePanel* panel, Ui::MainWindow& ui, InventoryStore& store,
                         ServiceSessions& sessions, const ConnectionsPane& connections, QAction* showAll);

    void update(int rows, bool complete);

private:
    EmptyStatePanel* m_panel;
    Ui::MainWindow& m_ui;
    InventoryStore& m_store;
    ServiceSessions& m_sessions;
    const ConnectionsPane& m_connections;
    QAction* m_showAll;
};
