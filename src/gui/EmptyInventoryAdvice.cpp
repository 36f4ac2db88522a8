#include "EmptyInventoryAdvice.h"

#include "ConnectionsPane.h"
#include "EmptyStatePanel.h"
#include "ui_MainWindow.h"
#include "usecases/WhyNoKeys.h"

EmptyInventoryAdvice::EmptyInventoryAdvice(EmptyStatePanel* panel, Ui::MainWindow& ui, InventoryStore& store,
                                           ServiceSessions& sessions, const ConnectionsPane& connections,
                                           QAction* showAll)
    : QObject(panel), m_panel(panel), m_ui(ui), m_store(store), m_sessions(sessions),
      m_connections(connections), m_showAll(showAll)
{}

void EmptyInventoryAdvice::update(int rows, bool complete)
{
    if (rows > 0 || !complete)
        return m_panel->hide();
    const WhyNoKeys why = WhyNoKeys::ask(m_store, m_sessions, m_connections.pickedConnection());
    switch (why.reason) {
    case WhyNoKeys::Reason::NoKeysYet:
        return m_panel->showState(
            tr("No keys yet. Generate your first key, add a credential a vendor gave you, or connect to your "
               "team's KeyDesk service."),
            {m_ui.actionGenerateKey, m_ui.actionImportCredential, m_ui.actionConnectService});
    case WhyNoKeys::Reason::NotReachedYet:
        return m_panel->showState(
            tr("Nothing from %1 yet: it has not been reached. Refresh (F5) when it is back.")
                .arg(why.connectionName),
            {m_ui.actionRefresh});
    case WhyNoKeys::Reason::NothingMatches:
        break;
    }
    m_panel->showState(tr("No keys match the search and filters."), {m_showAll});
}
