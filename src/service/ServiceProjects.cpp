#include "ServiceProjects.h"

#include "SecretGenerator.h"
#include "ServiceRefusals.h"
#include "StorageError.h"
#include "core/KeyNameValidator.h"
#include "sql/SqlTime.h"

#include <QCoreApplication>

using SqlTime::fromSql;
using SqlTime::toSql;

namespace {

ApiError projectNameTaken(const QString& name)
{
    return ApiError::conflict(
        "name_taken",
        QCoreApplication::translate("KeyService", "A project named \u201C%1\u201D already exists.")
            .arg(name));
}

} // namespace

ServiceProjects::ServiceProjects(ServiceDatabase& db, AuditLog& audit, const Clock& clock)
    : m_db(db), m_audit(audit), m_clock(clock)
{}

ServiceProjects::Result<QList<Project>> ServiceProjects::list()
{
    auto rows = m_db.select(QStringLiteral(
        "SELECT p.id, p.name, p.created_at, (SELECT count(*) FROM api_keys k WHERE k.project_id = p.id) "
        "FROM projects p ORDER BY p.name"));
    if (!rows)
        return storageApiError(rows.error());
    QList<Project> projects;
    for (const auto& r : rows.value())
        projects << Project{r.at(0).toString(), r.at(1).toString(), fromSql(r.at(2)), r.at(3).toInt()};
    return projects;
}

ServiceProjects::Result<Project> ServiceProjects::create(const QString& rawName, const Actor& by)
{
    const QString name = KeyNameValidator::normalized(rawName);
    if (const auto check = KeyNameValidator::validate(name); !check.ok())
        return ApiError::unprocessable("invalid_name", check.message);
    Project project{QStringLiteral("prj_") + SecretGenerator::uuid().remove(QLatin1Char('-')), name,
                    m_clock.now()};
    std::optional<ApiError> refusal;
    auto done = m_db.transaction([&]() -> Expected<void> {
        auto inserted =
            m_db.execute(QStringLiteral("INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)"),
                         {project.id, project.name, toSql(project.createdAt)});
        if (!inserted) {
            if (inserted.error().kind() == Error::Kind::Conflict)
                refusal = projectNameTaken(name);
            return inserted.error();
        }
        return m_audit.record(by, QStringLiteral("project.created"), project.id, {},
                              {{QStringLiteral("name"), name}});
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageApiError(done.error());
    return project;
}

ServiceProjects::Result<Project> ServiceProjects::rename(const QString& projectId, const QString& rawName,
                                                         const Actor& by)
{
    const QString name = KeyNameValidator::normalized(rawName);
    if (const auto check = KeyNameValidator::validate(name); !check.ok())
        return ApiError::unprocessable("invalid_name", check.message);
    std::optional<ApiError> refusal;
    Project project;
    auto done = m_db.transaction([&]() -> Expected<void> {
        auto rows = m_db.select(
            QStringLiteral("SELECT name, created_at, (SELECT count(*) FROM api_keys WHERE project_id = ?) "
                           "FROM projects WHERE id = ?"),
            {projectId, projectId});
        if (!rows)
            return rows.error();
        if (rows.value().isEmpty()) {
            refusal = ServiceRefusals::noSuchProject(projectId);
            return ServiceRefusals::rollback();
        }
        const QString before = rows.value().first().at(0).toString();
        project = {projectId, name, fromSql(rows.value().first().at(1)), rows.value().first().at(2).toInt()};
        auto renamed =
            m_db.execute(QStringLiteral("UPDATE projects SET name = ? WHERE id = ?"), {name, projectId});
        if (!renamed) {
            if (renamed.error().kind() == Error::Kind::Conflict)
                refusal = projectNameTaken(name);
            return renamed.error();
        }
        return m_audit.record(by, QStringLiteral("project.renamed"), projectId, {},
                              {{QStringLiteral("from"), before}, {QStringLiteral("to"), name}});
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageApiError(done.error());
    return project;
}

ServiceProjects::Result<void> ServiceProjects::remove(const QString& projectId, const Actor& by)
{
    std::optional<ApiError> refusal;
    auto done = m_db.transaction([&]() -> Expected<void> {
        auto project = m_db.select(QStringLiteral("SELECT name FROM projects WHERE id = ?"), {projectId});
        if (!project)
            return project.error();
        if (project.value().isEmpty()) {
            refusal = ServiceRefusals::noSuchProject(projectId);
            return ServiceRefusals::rollback();
        }
        auto keys =
            m_db.select(QStringLiteral("SELECT key_id FROM api_keys WHERE project_id = ?"), {projectId});
        if (!keys)
            return keys.error();
        // Keys go first explicitly: PostgreSQL cascades anyway, SQLite only with foreign_keys on.
        auto removedKeys =
            m_db.execute(QStringLiteral("DELETE FROM api_keys WHERE project_id = ?"), {projectId});
        if (!removedKeys)
            return removedKeys.error();
        for (const auto& key : keys.value()) {
            if (auto recorded =
                    m_audit.record(by, QStringLiteral("key.deleted"), projectId, key.first().toString(),
                                   {{QStringLiteral("with_project"), true}});
                !recorded)
                return recorded;
        }
        auto removed = m_db.execute(QStringLiteral("DELETE FROM projects WHERE id = ?"), {projectId});
        if (!removed)
            return removed.error();
        return m_audit.record(by, QStringLiteral("project.deleted"), projectId, {},
                              {{QStringLiteral("name"), project.value().first().first().toString()},
                               {QStringLiteral("keys"), int(keys.value().size())}});
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageApiError(done.error());
    return {};
}

ServiceProjects::Result<void> ServiceProjects::require(const QString& projectId)
{
    auto rows = m_db.select(QStringLiteral("SELECT 1 FROM projects WHERE id = ?"), {projectId});
    if (!rows)
        return storageApiError(rows.error());
    if (rows.value().isEmpty())
        return ServiceRefusals::noSuchProject(projectId);
    return {};
}
