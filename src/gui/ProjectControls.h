#pragma once

#include "core/Credential.h"
#include "core/Project.h"

#include <QObject>

class InventoryStore;
class InventorySync;
class ManageProject;
class QAction;
class QComboBox;
class QWidget;

// The project picker above the inventory and the New/Rename/Delete Project actions, for the KeyDesk service
// the window works on. The picker filters the table and is where Generate Key puts new keys; it lists what
// the inventory last saw, so it works offline. The actions follow the signed-in role and say why when not.
class ProjectControls : public QObject
{
    Q_OBJECT

public:
    struct Actions
    {
        QAction* create;
        QAction* rename;
        QAction* remove;
    };
    ProjectControls(QComboBox* picker, Actions actions, InventoryStore& store, InventorySync& sync,
                    QWidget* window);

    // Refills the picker (keeping the pick) and enables what the role and the connection allow.
    void update(bool online);
    // The picked project's id; empty for "All projects".
    QString currentProjectId() const;
    qint64 connectionId() const;

signals:
    void picked();                                      // the picker changed: filter the table again
    void changed(const QString& message, bool problem); // a project was created, renamed or deleted

private:
    void createProject();
    void renameProject();
    void deleteProject();
    void confirmAndDelete(const QString& id, const QString& name, const QList<Credential>& keys);
    QList<Project> known() const;

    QComboBox* m_picker;
    Actions m_actions;
    InventoryStore& m_store;
    InventorySync& m_sync;
    ManageProject* m_manage;
    QWidget* m_window;
    bool m_online = false;
};
