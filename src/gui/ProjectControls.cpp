#include "ProjectControls.h"

#include "UserQuestions.h"
#include "storage/InventoryTeam.h"
#include "usecases/ManageProject.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"

#include <QAction>
#include <QComboBox>
#include <QPointer>

ProjectControls::ProjectControls(QComboBox* picker, Actions actions, InventoryStore& store,
                                 ServiceSessions& sessions, QWidget* window)
    : QObject(window), m_picker(picker), m_actions(actions), m_store(store), m_sessions(sessions),
      m_window(window)
{
    m_picker->setToolTip(
        tr("Show one project's keys; Generate Key puts new keys in the project picked here."));
    connect(m_picker, &QComboBox::currentIndexChanged, this, [this] {
        update();
        emit picked();
    });
    connect(m_actions.create, &QAction::triggered, this, &ProjectControls::createProject);
    connect(m_actions.rename, &QAction::triggered, this, &ProjectControls::renameProject);
    connect(m_actions.remove, &QAction::triggered, this, &ProjectControls::deleteProject);
    update();
}

QString ProjectControls::currentProjectId() const
{
    return m_picker->currentData().toString();
}

ServiceSession* ProjectControls::targetService() const
{
    const qint64 pickedService = m_picker->currentData(ConnectionRole).toLongLong();
    if (pickedService > 0 || m_scope > 0) // (a provider or an unconnected server picked on the left: none)
        return m_sessions.serviceFor(pickedService > 0 ? pickedService : m_scope);
    const QList<ServiceSession*> all = m_sessions.all();
    return all.isEmpty() ? nullptr : all.first(); // the local service opens first
}

std::optional<qint64> ProjectControls::pickedConnection() const
{
    const qint64 pickedService = m_picker->currentData(ConnectionRole).toLongLong();
    if (pickedService > 0)
        return pickedService;
    if (m_scope > 0)
        return m_scope;
    return std::nullopt;
}

void ProjectControls::setScope(qint64 connectionId)
{
    if (m_scope == connectionId)
        return;
    m_scope = connectionId;
    update();
}

QList<Project> ProjectControls::known(ServiceSession* service) const
{
    if (m_sessions.reachable(service->connectionId()))
        return service->projects();
    auto kept = InventoryTeam(m_store).projects(service->connectionId());
    return kept ? kept.value() : QList<Project>();
}

QString ProjectControls::serviceName(const ServiceSession* service) const
{
    auto connection = m_store.connection(service->connectionId());
    return connection ? connection.value().displayName() : QString();
}

void ProjectControls::update()
{
    const QString pickedProject = currentProjectId();
    const qint64 pickedService = m_picker->currentData(ConnectionRole).toLongLong();
    QList<ServiceSession*> shown;
    for (ServiceSession* s : m_sessions.all()) {
        if (m_scope == 0 || s->connectionId() == m_scope)
            shown << s;
    }
    int projectCount = 0;
    {
        const QSignalBlocker quiet(m_picker);
        m_picker->clear();
        m_picker->addItem(tr("All projects"), QString());
        for (ServiceSession* s : shown) {
            const QString service = serviceName(s);
            for (const Project& p : known(s)) {
                const QString label = shown.size() > 1 ? tr("%1 \u2014 %2").arg(service, p.name) : p.name;
                m_picker->addItem(label, p.id);
                m_picker->setItemData(m_picker->count() - 1, s->connectionId(), ConnectionRole);
                if (p.id == pickedProject && s->connectionId() == pickedService)
                    m_picker->setCurrentIndex(m_picker->count() - 1);
                ++projectCount;
            }
        }
    }
    m_picker->setVisible(projectCount > 1 || !currentProjectId().isEmpty());
    // The pick was dropped (its service left the scope or closed): the table must stop filtering by it.
    if (currentProjectId() != pickedProject ||
        m_picker->currentData(ConnectionRole).toLongLong() != pickedService)
        emit picked();
    ServiceSession* target = targetService();
    const bool online = target && m_sessions.reachable(target->connectionId());
    const bool allowed = target && target->allows(Permission::ManageKeys);
    const QString why = !target && m_scope > 0
                            ? tr("The connection picked on the left is not a connected KeyDesk service.")
                        : !target  ? tr("No KeyDesk service is connected.")
                        : !online  ? tr("The service is unreachable; refresh (F5) when it is back.")
                        : !allowed ? roleRefusal(target->identity().role, Permission::ManageKeys)
                                   : QString();
    m_actions.create->setEnabled(online && allowed);
    m_actions.rename->setEnabled(online && allowed && !currentProjectId().isEmpty());
    m_actions.remove->setEnabled(online && allowed && !currentProjectId().isEmpty());
    for (QAction* a : {m_actions.create, m_actions.rename, m_actions.remove})
        a->setToolTip(why.isEmpty() ? a->text().remove(QLatin1Char('&')) : why);
}

ManageProject* ProjectControls::manage(ServiceSession* service)
{
    // One use case per request, gone with its answer: the service may be closed meanwhile.
    return new ManageProject(service->client(), this);
}

void ProjectControls::createProject()
{
    ServiceSession* service = targetService();
    if (!service)
        return;
    const bool several = m_sessions.all().size() > 1;
    const auto name =
        UserQuestions::current().text(m_window, tr("New Project"),
                                      several ? tr("Name of the new project on %1:").arg(serviceName(service))
                                              : tr("Name of the new project:"));
    if (!name || !m_sessions.all().contains(service))
        return;
    QPointer<ProjectControls> self(this);
    ManageProject* use = manage(service);
    use->create(*name, [self, use](Expected<Project> created) {
        use->deleteLater();
        if (!self)
            return;
        if (!created)
            return emit self->changed(created.error().message(), true);
        emit self->changed(tr("Project \u201C%1\u201D created.").arg(created.value().name), false);
    });
}

void ProjectControls::renameProject()
{
    ServiceSession* service = targetService();
    const QString id = currentProjectId();
    const auto project = service ? service->project(id) : std::nullopt;
    if (!project)
        return;
    const auto name = UserQuestions::current().text(
        m_window, tr("Rename Project"), tr("New name for \u201C%1\u201D:").arg(project->name), project->name);
    if (!name || *name == project->name || !m_sessions.all().contains(service))
        return;
    QPointer<ProjectControls> self(this);
    ManageProject* use = manage(service);
    use->rename(id, *name, [self, use](Expected<Project> renamed) {
        use->deleteLater();
        if (!self)
            return;
        if (!renamed)
            return emit self->changed(renamed.error().message(), true);
        emit self->changed(tr("Project renamed to \u201C%1\u201D.").arg(renamed.value().name), false);
    });
}

void ProjectControls::deleteProject()
{
    ServiceSession* service = targetService();
    const QString id = currentProjectId();
    const auto project = service ? service->project(id) : std::nullopt;
    if (!project)
        return;
    // The count the last sync saw may be old (a colleague may have added keys since): ask the service now,
    // so the confirmation names what really goes.
    QPointer<ProjectControls> self(this);
    QPointer<ServiceSession> target(service);
    const QString name = project->name;
    ManageProject* use = manage(service);
    use->keysOf(id, [self, use, target, id, name](Expected<QList<Credential>> keys) {
        use->deleteLater();
        if (!self || !target)
            return;
        if (!keys)
            return emit self->changed(keys.error().message(), true);
        self->confirmAndDelete(target, id, name, keys.value());
    });
}

void ProjectControls::confirmAndDelete(ServiceSession* service, const QString& id, const QString& name,
                                       const QList<Credential>& keys)
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
    QPointer<ServiceSession> target(service);
    if (UserQuestions::current().question(m_window, tr("Delete Project"), text,
                                          QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel,
                                          tr("&Delete Project")) != QMessageBox::Yes ||
        !target)
        return;
    QPointer<ProjectControls> self(this);
    const int count = int(keys.size());
    ManageProject* use = manage(target);
    use->remove(id, [self, use, name, count](Expected<void> removed) {
        use->deleteLater();
        if (!self)
            return;
        if (!removed)
            return emit self->changed(removed.error().message(), true);
        self->m_picker->setCurrentIndex(0);
        emit self->changed(tr("Project \u201C%1\u201D deleted with %2 keys.").arg(name).arg(count), false);
    });
}
