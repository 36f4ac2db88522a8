#pragma once

#include "core/Credential.h"
#include "core/Project.h"

#include <QObject>
#include <optional>

class InventoryStore;
class ServiceSession;
class ManageProject;
class ServiceSessions;
class QAction;
class QComboBox;
class QWidget;

// The project picker above the inventory and the New/Rename/Delete Project actions, over every connected
// KeyDesk service. The picker lists the projects of the service picked in the connections pane, or of all
// services ("Service — Project") when none is; it filters the table and is where Generate Key puts new
// keys. It lists what the inventory last saw, so it works offline. The actions act on the picked project's
// service (New Project: the picked or the local one), follow the role signed in there, and say why not.
class ProjectControls : public QObject
{
    Q_OBJECT

public:
    // The picker's items carry their project id in Qt::UserRole and their connection in ConnectionRole.
    static constexpr int ConnectionRole = Qt::UserRole + 1;

    struct Actions
    {
        QAction* create;
        QAction* rename;
        QAction* remove;
    };
    ProjectControls(QComboBox* picker, Actions actions, InventoryStore& store, ServiceSessions& sessions,
                    QWidget* window);

    // Refills the picker (keeping the pick) and enables what each service's role and reachability allow.
    void update();
    // Shows only the projects of this connection (0: of every service).
    void setScope(qint64 connectionId);
    // The picked project's id; empty for "All projects".
    QString currentProjectId() const;
    // The service new keys and projects go to: the picked project's, else the scope's, else the local one.
    ServiceSession* targetService() const;
    // The connection picked on the left or in the picker, if one is (not "all").
    std::optional<qint64> pickedConnection() const;

signals:
    void picked();                                      // the picker changed: filter the table again
    void changed(const QString& message, bool problem); // a project was created, renamed or deleted

private:
    void createProject();
    void renameProject();
    void deleteProject();
    void confirmAndDelete(ServiceSession* service, const QString& id, const QString& name,
                          const QList<Credential>& keys);
    QList<Project> known(ServiceSession* service) const;
    QString serviceName(const ServiceSession* service) const;
    ManageProject* manage(ServiceSession* service);

    QComboBox* m_picker;
    Actions m_actions;
    InventoryStore& m_store;
    ServiceSessions& m_sessions;
    QWidget* m_window;
    qint64 m_scope = 0;
};
