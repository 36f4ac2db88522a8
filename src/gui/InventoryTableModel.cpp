#include "InventoryTableModel.h"

#include "DateFormat.h"
#include "SecretPresenceMarks.h"
#include "StatusColors.h"
#include "core/Plural.h"
#include "storage/InventoryIdReader.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QTimer>

namespace {

int firstBatchWaitMs = 12;

QString shortDate(const QDateTime& moment, const QString& none)
{
    return moment.isValid() ? DateFormat::date(moment) : none;
}

InventoryQuery::Column queryColumn(int column)
{
    using C = InventoryQuery::Column;
    switch (column) {
    case InventoryTableModel::ConnectionName:
        return C::Connection;
    case InventoryTableModel::ProjectName:
        return C::Project;
    case InventoryTableModel::CreatedBy:
        return C::CreatedBy;
    case InventoryTableModel::KeyId:
        return C::KeyId;
    case InventoryTableModel::Last4:
        return C::Last4;
    case InventoryTableModel::Status:
        return C::Status;
    case InventoryTableModel::Created:
        return C::CreatedAt;
    case InventoryTableModel::Expires:
        return C::ExpiresAt;
    case InventoryTableModel::LastUsed:
        return C::LastUsedAt;
    case InventoryTableModel::LastTested:
        return C::LastTestedAt;
    default:
        return C::Name;
    }
}

} // namespace

InventoryTableModel::InventoryTableModel(InventoryStore& store, const Clock& clock, QObject* parent)
    : QAbstractTableModel(parent), m_store(store), m_clock(clock),
      m_reader(new InventoryIdReader(store.path()))
{
    m_readerThread.setObjectName(QStringLiteral("inventory reader"));
    m_reader->moveToThread(&m_readerThread);
    connect(&m_readerThread, &QThread::finished, m_reader, &QObject::deleteLater);
    connect(m_reader, &InventoryIdReader::batchReady, this, [this] {
        if (auto error = takeBatches())
            emit readFailed(*error);
    });
    m_readerThread.start();
    readConnectionNames();
}

InventoryTableModel::~InventoryTableModel()
{
    m_reader->supersede(~quint64(0)); // stops a running query at its next progress check
    m_readerThread.quit();
    m_readerThread.wait();
}

void InventoryTableModel::setFirstBatchWaitMs(int ms)
{
    firstBatchWaitMs = ms;
}

int InventoryTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int InventoryTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void InventoryTableModel::setReminderDays(int days)
{
    m_reminderDays = days;
    if (rowCount() > 0)
        emit dataChanged(index(0, Status), index(rowCount() - 1, Status));
}

QString InventoryTableModel::statusText(const Credential& c, const QDateTime& now, int reminderDays)
{
    const KeyStatus status = c.statusAt(now);
    if (status == KeyStatus::Active && c.rotationDueWithin(reminderDays, now)) {
        // Whole days left, rounded up: a 7-day key reads "7 days" right after it was made.
        const int days = int((now.secsTo(c.expiresAt) + 86399) / 86400);
        return days <= 1 ? tr("Expires within a day")
                         : plural(days, "InventoryTableModel",
                                  QT_TRANSLATE_NOOP("InventoryTableModel", "Expires in %1 day"),
                                  QT_TRANSLATE_NOOP("InventoryTableModel", "Expires in %1 days"));
    }
    return keyStatusDisplayName(status);
}

void InventoryTableModel::setSecretMarks(const SecretPresenceMarks* marks)
{
    m_marks = marks;
    // Answers come in bursts (a screenful at a time): one repaint of the column per burst.
    auto* repaint = new QTimer(this);
    repaint->setSingleShot(true);
    repaint->setInterval(0);
    connect(repaint, &QTimer::timeout, this, [this] {
        if (rowCount() > 0)
            emit dataChanged(index(0, Status), index(rowCount() - 1, Status));
    });
    connect(marks, &SecretPresenceMarks::changed, repaint, qOverload<>(&QTimer::start));
}

QVariant InventoryTableModel::data(const QModelIndex& index, int role) const
{
    const Credential* row = index.isValid() ? cachedRow(index.row()) : nullptr;
    if (!row)
        return {};
    const Credential& c = *row;
    const QDateTime now = m_clock.now();
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return c.name;
        case ConnectionName:
            return m_connectionNames.value(c.connectionId);
        case ProjectName:
            return c.projectName.isEmpty() ? c.project : c.projectName;
        case CreatedBy:
            return c.createdBy;
        case KeyId:
            return c.keyId;
        case Last4:
            return QString(QStringLiteral("\u2022\u2022\u2022\u2022") + c.last4);
        case Status:
            return m_marks && m_marks->isMissing(c)
                       ? statusText(c, now, m_reminderDays) + QStringLiteral(" \u00B7 ") +
                             SecretPresenceMarks::missingShort()
                       : statusText(c, now, m_reminderDays);
        case Created:
            return shortDate(c.createdAt, QStringLiteral("\u2014"));
        case Expires:
            return shortDate(c.expiresAt, tr("Never"));
        case LastUsed:
            return shortDate(c.lastUsedAt, tr("Never used"));
        case LastTested:
            return shortDate(c.lastTestedAt, tr("Never tested"));
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Status) {
        using Tone = StatusColors::Tone;
        const QPalette palette = QGuiApplication::palette();
        switch (c.statusAt(now)) {
        case KeyStatus::Expired:
            return QBrush(StatusColors::forBase(Tone::Problem, palette));
        case KeyStatus::Inactive:
            return QBrush(StatusColors::forBase(Tone::Muted, palette));
        case KeyStatus::Active:
            return QBrush(StatusColors::forBase(
                c.rotationDueWithin(m_reminderDays, now) ? Tone::Warning : Tone::Good, palette));
        }
    }
    if (role == Qt::FontRole && (index.column() == KeyId || index.column() == Last4)) {
        QFont mono(QStringLiteral("monospace"));
        mono.setStyleHint(QFont::TypeWriter);
        return mono;
    }
    if (role == Qt::ToolTipRole && index.column() == Name && !c.description.isEmpty())
        return c.description;
    if (role == Qt::ToolTipRole && index.column() == Status && m_marks && m_marks->isMissing(c))
        return SecretPresenceMarks::missingAdvice();
    if (role == Qt::ToolTipRole && index.column() == LastTested && !c.lastTestResult.isEmpty())
        return c.lastTestResult;
    if (role == Qt::UserRole)
        return c.id;
    return {};
}

QVariant InventoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case ConnectionName:
        return tr("Connection");
    case ProjectName:
        return tr("Project");
    case CreatedBy:
        return tr("Created by");
    case KeyId:
        return tr("Key ID");
    case Last4:
        return tr("Secret");
    case Status:
        return tr("Status");
    case Created:
        return tr("Created");
    case Expires:
        return tr("Expires");
    case LastUsed:
        return tr("Last used");
    case LastTested:
        return tr("Last tested");
    default:
        return {};
    }
}

void InventoryTableModel::sort(int column, Qt::SortOrder order)
{
    m_query.sortColumn = queryColumn(column);
    m_query.sortOrder = order;
    (void)restart(); // a failure is emitted as readFailed
}

void InventoryTableModel::setSearch(const QString& text)
{
    if (m_query.search == text)
        return;
    m_query.search = text;
    (void)restart(); // a failure is emitted as readFailed
}

void InventoryTableModel::setFilter(const InventoryQuery& filter)
{
    m_query.status = filter.status;
    m_query.connectionId = filter.connectionId;
    m_query.projectId = filter.projectId;
    m_query.expiringWithinDays = filter.expiringWithinDays;
    m_query.neverUsed = filter.neverUsed;
    m_query.notTestedForDays = filter.notTestedForDays;
    (void)restart(); // a failure is emitted as readFailed
}

Expected<void> InventoryTableModel::reload()
{
    readConnectionNames();
    return restart();
}

// Connections change with a sync or an import, not with a keystroke: read at start and on reload() only.
void InventoryTableModel::readConnectionNames()
{
    auto connections = m_store.connections();
    if (!connections)
        return;
    m_connectionNames.clear();
    for (const Connection& c : connections.value())
        m_connectionNames.insert(c.id, c.displayName());
}

Expected<void> InventoryTableModel::restart()
{
    const quint64 generation = ++m_generation;
    m_reader->supersede(generation);
    QMetaObject::invokeMethod(
        m_reader,
        [reader = m_reader, generation, query = m_query, now = m_clock.now()] {
            reader->read(generation, query, now);
        },
        Qt::QueuedConnection);
    m_awaitingFirstBatch = true;
    m_complete = false;
    m_reader->waitForBatch(generation, firstBatchWaitMs);
    if (auto error = takeBatches()) {
        emit readFailed(*error);
        return *error;
    }
    if (m_awaitingFirstBatch) { // still searching: show it empty rather than rows of the old query
        resetRows({});
        emit rowsCounted(0, false);
    }
    return {};
}

std::optional<Error> InventoryTableModel::takeBatches()
{
    std::optional<Error> error;
    for (InventoryIdReader::Batch& batch : m_reader->takeBatches(m_generation)) {
        if (batch.error && !error)
            error = batch.error;
        if (m_awaitingFirstBatch) {
            m_awaitingFirstBatch = false;
            resetRows(std::move(batch.ids));
        } else if (!batch.ids.isEmpty()) {
            beginInsertRows({}, int(m_ids.size()), int(m_ids.size() + batch.ids.size() - 1));
            m_ids += batch.ids;
            endInsertRows();
        }
        m_complete = m_complete || batch.complete;
        emit rowsCounted(int(m_ids.size()), m_complete);
    }
    return error;
}

void InventoryTableModel::resetRows(QVector<qint64> ids)
{
    beginResetModel();
    m_ids = std::move(ids);
    m_pages.clear();
    m_pageOrder.clear();
    endResetModel();
}

const Credential* InventoryTableModel::cachedRow(int row) const
{
    if (row < 0 || row >= m_ids.size())
        return nullptr;
    const int page = row / PageSize;
    auto found = m_pages.constFind(page);
    if (found == m_pages.constEnd()) {
        auto rows = m_store.credentialsByIds(m_ids.mid(page * PageSize, PageSize));
        if (!rows)
            return nullptr;
        if (m_pageOrder.size() >= CachedPages)
            m_pages.remove(m_pageOrder.takeFirst());
        found = m_pages.insert(page, std::move(rows).value());
        m_pageOrder.append(page);
    }
    // A row deleted since the ids were read is missing from its page; the rest keep their places.
    const qint64 id = m_ids.at(row);
    const QList<Credential>& rows = found.value();
    const int offset = row % PageSize;
    if (offset < rows.size() && rows.at(offset).id == id)
        return &rows.at(offset);
    for (const Credential& c : rows) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

std::optional<Credential> InventoryTableModel::credentialAt(int row) const
{
    if (const Credential* c = cachedRow(row))
        return *c;
    return std::nullopt;
}

qint64 InventoryTableModel::idOfKey(qint64 connectionId, const QString& keyId) const
{
    const auto id = m_store.credentialId(connectionId, keyId);
    return id && id.value() ? *id.value() : 0;
}

int InventoryTableModel::rowOf(qint64 credentialId) const
{
    return int(m_ids.indexOf(credentialId));
}
