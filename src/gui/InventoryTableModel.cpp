#include "InventoryTableModel.h"

#include "DateFormat.h"
#include "core/Plural.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace {

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
    default:
        return C::Name;
    }
}

} // namespace

InventoryTableModel::InventoryTableModel(InventoryStore& store, const Clock& clock, QObject* parent)
    : QAbstractTableModel(parent), m_store(store), m_clock(clock)
{
    m_streamTimer.setInterval(0);
    connect(&m_streamTimer, &QTimer::timeout, this, &InventoryTableModel::readMoreIds);
}

int InventoryTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int InventoryTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString InventoryTableModel::statusText(const Credential& c, const QDateTime& now)
{
    const KeyStatus status = c.statusAt(now);
    if (status == KeyStatus::Active && c.expiresWithin(ExpiringSoonDays, now)) {
        // Whole days left, rounded up: a 7-day key reads "7 days" right after it was made.
        const int days = int((now.secsTo(c.expiresAt) + 86399) / 86400);
        return days <= 1 ? tr("Expires within a day")
                         : plural(days, "InventoryTableModel", "Expires in %1 day", "Expires in %1 days");
    }
    return keyStatusDisplayName(status);
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
        case KeyId:
            return c.keyId;
        case Last4:
            return QString(QStringLiteral("\u2022\u2022\u2022\u2022") + c.last4);
        case Status:
            return statusText(c, now);
        case Created:
            return shortDate(c.createdAt, QStringLiteral("\u2014"));
        case Expires:
            return shortDate(c.expiresAt, tr("Never"));
        case LastUsed:
            return shortDate(c.lastUsedAt, tr("Never used"));
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Status) {
        switch (c.statusAt(now)) {
        case KeyStatus::Expired:
            return QBrush(QColor(0xb3, 0x26, 0x1e));
        case KeyStatus::Inactive:
            return QBrush(QColor(0x75, 0x75, 0x75));
        case KeyStatus::Active:
            return QBrush(c.expiresWithin(ExpiringSoonDays, now) ? QColor(0xb2, 0x6a, 0x00)
                                                                 : QColor(0x1b, 0x7f, 0x3a));
        }
    }
    if (role == Qt::FontRole && (index.column() == KeyId || index.column() == Last4)) {
        QFont mono(QStringLiteral("monospace"));
        mono.setStyleHint(QFont::TypeWriter);
        return mono;
    }
    if (role == Qt::ToolTipRole && index.column() == Name && !c.description.isEmpty())
        return c.description;
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
    default:
        return {};
    }
}

void InventoryTableModel::sort(int column, Qt::SortOrder order)
{
    m_query.sortColumn = queryColumn(column);
    m_query.sortOrder = order;
    (void)reload();
}

void InventoryTableModel::setSearch(const QString& text)
{
    if (m_query.search == text)
        return;
    m_query.search = text;
    (void)reload();
}

void InventoryTableModel::setFilter(const InventoryQuery& filter)
{
    m_query.status = filter.status;
    m_query.connectionId = filter.connectionId;
    m_query.expiringWithinDays = filter.expiringWithinDays;
    m_query.neverUsed = filter.neverUsed;
    m_query.notTestedForDays = filter.notTestedForDays;
    (void)reload();
}

Expected<void> InventoryTableModel::reload()
{
    auto stream = m_store.streamIds(m_query);
    if (!stream)
        return stream.error();
    QVector<qint64> ids;
    if (auto read = stream.value()->readMore(ids, FirstSliceRows, QDeadlineTimer(FirstSliceMs)); !read)
        return read.error();
    auto connections = m_store.connections();
    beginResetModel();
    m_ids = std::move(ids);
    m_stream = std::move(stream).value();
    m_pages.clear();
    m_pageOrder.clear();
    m_connectionNames.clear();
    if (connections) {
        for (const Connection& c : connections.value())
            m_connectionNames.insert(c.id, c.name);
    }
    endResetModel();
    if (m_stream->atEnd())
        m_stream.reset();
    if (m_stream)
        m_streamTimer.start();
    else
        m_streamTimer.stop();
    emit rowsCounted(int(m_ids.size()), isComplete());
    return {};
}

void InventoryTableModel::readMoreIds()
{
    if (!m_stream) {
        m_streamTimer.stop();
        return;
    }
    QVector<qint64> more;
    const auto read = m_stream->readMore(more, 1 << 20, QDeadlineTimer(SliceMs));
    if (!more.isEmpty()) {
        beginInsertRows({}, int(m_ids.size()), int(m_ids.size() + more.size() - 1));
        m_ids += more;
        endInsertRows();
    }
    if (!read || m_stream->atEnd()) {
        m_stream.reset();
        m_streamTimer.stop();
    }
    emit rowsCounted(int(m_ids.size()), isComplete());
    if (!read)
        emit readFailed(read.error());
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

int InventoryTableModel::rowOf(qint64 credentialId) const
{
    return int(m_ids.indexOf(credentialId));
}
