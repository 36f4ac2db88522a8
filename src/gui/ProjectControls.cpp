#include "ProjectControls.h"

#include "MessageBox.h"
#include "TextPrompt.h"
#include "net/InventorySync.h"
#include "storage/InventoryTeam.h"
#include "usecases/ManageProject.h"

#include <QAction>
#include <QComboBox>
#include <QPointer>

ProjectControls::ProjectControls(QComboBox* picker, Actions actions, InventoryStore& store,
                                 InventorySync& sync, QWidget* window)
    : QObject(window), m_picker(picker), m_actions(actions), m_store(store), m_sync(sync),
      m_manage(new ManageProject(sync.client(), this)), m_window(window)
{
    m_picker->setToolTip(
        tr("Show one project's keys; Generate Key puts new keys in the project picked here."));
    connect(m_picker, &QComboBox::currentIndexChanged, this, [this] {
        update(m_online);
        emit picked();
    });
    connect(m_actions.create, &QAction::triggered, this, &ProjectControls::createProject);
    connect(m_actions.rename, &QAction::triggered, this, &ProjectControls::renameProject);
    connect(m_actions.remove, &QAction::triggered, this, &ProjectControls::deleteProject);
    update(false);
}

qint64 ProjectControls::connectionId() const
{
    return m_sync.connectionId();
}

QString ProjectControls::currentProjectId() const
{
    return m_picker->currentData().toString();
}

QList<Project> ProjectControls::known() const
{
    if (m_online)
        return m_sync.projects();
    auto kept = InventoryTeam(m_store).projects(m_sync.connectionId());
    return kept ? kept.value() : QList<Project>();
}

void ProjectControls::update(bool online)
{
    m_online = online;
    const QString picked = currentProjectId();
    const QList<Project> projects = known();
    {
        const QSignalBlocker quiet(m_picker);
        m_picker->clear();
        m_picker->addItem(tr("All projects"), QString());
        for (const Project& p : projects)
            m_picker->addItem(p.name, p.id);
        m_picker->setCurrentIndex(std::max(0, m_picker->findData(picked)));
    }
    m_picker->setVisible(projects.size() > 1 || !picked.isEmpty());
    const bool allowed = m_sync.allows(Permission::ManageKeys);
    const QString why = !online    ? tr("The service is unreachable; refresh (F5) when it is back.")
                        : !allowed ? roleRefusal(m_sync.identity().role, Permission::ManageKeys)
                                   : QString();
    m_actions.create->setEnabled(online && allowed);
    m_actions.rename->setEnabled(online && allowed && !currentProjectId().isEmpty());
    m_actions.remove->setEnabled(online && allowed && !currentProjectId().isEmpty());
    for (QAction* a : {m_actions.create, m_actions.rename, m_actions.remove})
        a->setToolTip(why.isEmpty() ? a->text().remove(QLatin1Char('&')) : why);
}

void ProjectControls::createProject()
{
    const auto name = TextPrompt::ask(m_window, tr("New Project"), tr("Name of the new project:"));
    if (!name)
        return;
    QPointer<ProjectControls> self(this);
    m_manage->create(*name, [self](Expected<Project> created) {
        if (!self)
            return;
        if (!created)
            return emit self->changed(created.error().message(), true);
        emit self->changed(tr("Project \u201C%1\u201D created.").arg(created.value().name), false);
    });
}

void ProjectControls::renameProject()
{
    const QString id = currentProjectId();
    const auto project = m_sync.project(id);
    if (!project)
        return;
    const auto name = TextPrompt::ask(m_window, tr("Rename Project"),
                                      tr("New name for \u201C%1\u201D:").arg(project->name), project->name);
    if (!name || *name == project->name)
        return;
    QPointer<ProjectControls> self(this);
    m_manage->rename(id, *name, [self](Expected<Project> renamed) {
        if (!self)
            return;
        if (!renamed)
            return emit self->changed(renamed.error().message(), true);
        emit self->changed(tr("Project renamed to \u201C%1\u201D.").arg(renamed.value().name), false);
    });
}

void ProjectControls::deleteProject()
{
    const QString id = currentProjectId();
    const auto project = m_sync.project(id);
    if (!project)
        return;
    // The count the last sync saw may be old (a colleague may have added keys since): ask the service now,
    // so the confirmation names what really goes.
    QPointer<ProjectControls> self(this);
    const QString name = project->name;
    m_manage->keysOf(id, [self, id, name](Expected<QList<Credential>> keys) {
        if (!self)
            return;
        if (!keys)
            return emit self->changed(keys.error().message(), true);
        self->confirmAndDelete(id, name, keys.value());
    });
}

void ProjectControls::confirmAndDelete(const QString& id, const QString& name, const QList<Credential>& keys)
{
    QStringList names;
    for (const Credential& k : keys.mid(0, 10))
        names << QStringLiteral("\u2022 %1 (%2)").arg(k.name, k.keyId);
    const QString text = keys.isEmpty() ? tr("Delete the empty project \u201C%1\u201D?").arg(name)
                                        : tr("Delete the project \u201C%1\u201D and its %2 "
                                             "keys?\n\n%3\n\nEvery program using those keys stops "
                                             "working at once. This cannot be undone.")
                                              .arg(name)
                                              .arg(keys.size())
                                              .arg(names.join(QLatin1Char('\n')));
    if (MessageBox::question(m_window, tr("Delete Project"), text, QMessageBox::Yes | QMessageBox::Cancel,
                             QMessageBox::Cancel) != QMessageBox::Yes)
        return;
    QPointer<ProjectControls> self(this);
    const int count = int(keys.size());
    m_manage->remove(id, [self, name, count](Expected<void> removed) {
        if (!self)
            return;
        if (!removed)
            return emit self->changed(removed.error().message(), true);
        self->m_picker->setCurrentIndex(0);
        emit self->changed(tr("Project \u201C%1\u201D deleted with %2 keys.").arg(name).arg(count), false);
    });
}
