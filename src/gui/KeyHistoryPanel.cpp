#include "KeyHistoryPanel.h"

#include "DateFormat.h"
#include "UserQuestions.h"
#include "core/AuditEventFormatter.h"
#include "usecases/ReadHistory.h"
#include "usecases/ServiceSession.h"

#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QTreeWidget>
#include <QVBoxLayout>

KeyHistoryPanel::KeyHistoryPanel(InventoryStore& store, QWidget* parent)
    : QWidget(parent), m_store(store), m_list(new QTreeWidget(this)), m_note(new QLabel(this)),
      m_export(new QPushButton(tr("&Export History\u2026"), this))
{
    setObjectName(QStringLiteral("keyHistoryPanel"));
    m_list->setObjectName(QStringLiteral("historyList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("When"), tr("What"), tr("Who"), tr("From")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->setWordWrap(false);
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    layout->addWidget(m_note);
    layout->addWidget(m_export, 0, Qt::AlignRight);
    connect(m_export, &QPushButton::clicked, this, &KeyHistoryPanel::exportHistory);
    showKey(std::nullopt, nullptr);
}

void KeyHistoryPanel::fill(const QList<AuditEvent>& events)
{
    m_shown = events;
    m_list->clear();
    for (const AuditEvent& e : events) {
        // Use is recorded under the key's generated user: "the key" says the same in less room.
        const bool byKey = e.role == QLatin1String("key");
        auto* item =
            new QTreeWidgetItem(m_list, {DateFormat::dateTime(e.at), AuditEventFormatter::describe(e),
                                         byKey ? tr("the key") : e.actor, e.source});
        item->setToolTip(2, byKey ? e.actor : e.role);
    }
    m_export->setEnabled(!events.isEmpty());
}

void KeyHistoryPanel::showKey(const std::optional<Credential>& key, ServiceSession* service)
{
    ++m_generation;
    m_key = key;
    const bool keyDeskKey = key && !key->project.isEmpty();
    if (!keyDeskKey) {
        fill({});
        m_note->setText(key ? tr("Only keys of a KeyDesk service have a history.") : QString());
        return;
    }
    const ReadHistory history(m_store);
    auto kept = history.kept(key->connectionId, key->keyId);
    fill(kept ? kept.value() : QList<AuditEvent>());
    if (!service) {
        m_note->setText(tr("Offline: the history as this computer last saw it."));
        return;
    }
    m_note->setText(tr("Asking the service\u2026"));
    QPointer<KeyHistoryPanel> self(this);
    const quint64 generation = m_generation;
    const Credential shown = *key;
    ServiceClient::EventQuery query{shown.project, shown.keyId, 200, 0};
    ReadHistory(m_store).fetch(
        service->client(), shown.connectionId, query,
        [self, generation, shown](Expected<QList<AuditEvent>> fresh) {
            if (!self || generation != self->m_generation)
                return;
            if (!fresh) {
                self->m_note->setText(
                    tr("Could not read the history from the service: %1").arg(fresh.error().message()));
                return;
            }
            // What was kept before, with the news merged in.
            auto merged = ReadHistory(self->m_store).kept(shown.connectionId, shown.keyId);
            self->fill(merged ? merged.value() : fresh.value());
            self->m_note->clear();
            emit self->updated();
        });
}

void KeyHistoryPanel::exportHistory()
{
    if (!m_key || m_shown.isEmpty())
        return;
    const QString csvFilter = tr("CSV (*.csv)");
    const QString jsonFilter = tr("JSON (*.json)");
    QString chosenFilter = csvFilter;
    const QString path = UserQuestions::current().saveFileName(
        this, tr("Export History"), QStringLiteral("%1-history.csv").arg(m_key->keyId),
        csvFilter + QStringLiteral(";;") + jsonFilter, &chosenFilter);
    if (path.isEmpty())
        return;
    const bool json =
        chosenFilter == jsonFilter || path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    QSaveFile file(path);
    const QByteArray bytes =
        (json ? AuditEventFormatter::json(m_shown) : AuditEventFormatter::csv(m_shown)).toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return emit status(tr("Could not write %1: %2").arg(path, file.errorString()), true);
    emit status(tr("History of %1 exported to %2.").arg(m_key->keyId, path), false);
}
