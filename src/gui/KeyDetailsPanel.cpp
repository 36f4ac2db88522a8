#include "KeyDetailsPanel.h"

#include "DateFormat.h"
#include "InventoryTableModel.h"
#include "SecretPresenceMarks.h"
#include "StatusColors.h"
#include "ui_MainWindow.h"

#include <QCoreApplication>
#include <QFormLayout>
#include <QLabel>
#include <QScrollArea>

namespace {

QString date(const QDateTime& d, const QString& none)
{
    return d.isValid() ? DateFormat::dateTime(d) : none;
}

// Both ends of a rotation, by name and key id; an end that was deleted is not mentioned.
QString rotationText(const InventoryStore::RotationLinks& links)
{
    QStringList lines;
    if (links.replaces)
        lines << QCoreApplication::translate("MainWindow", "replaces \u201C%1\u201D (%2)")
                     .arg(links.replaces->name, links.replaces->keyId);
    if (links.replacedBy)
        lines << QCoreApplication::translate("MainWindow", "replaced by \u201C%1\u201D (%2)")
                     .arg(links.replacedBy->name, links.replacedBy->keyId);
    return lines.join(QLatin1Char('\n'));
}

QLabel* valueLabel(Ui::MainWindow& ui, const char* name)
{
    return ui.detailsTab->findChild<QLabel*>(QLatin1String(name));
}

QString testCallText(const ProviderSettings& p, bool oauth2)
{
    if (!p.testUrl.isValid())
        return QCoreApplication::translate("MainWindow", "None set: Edit Provider Credential adds one.");
    const QString sentIn = p.testHeader == ProviderSettings::HeaderStyle::Bearer
                               ? QStringLiteral("Authorization: Bearer")
                               : QStringLiteral("X-API-Key");
    return (oauth2 ? QCoreApplication::translate("MainWindow", "%1\nThe token is sent in %2; %3 is expected.")
                   : QCoreApplication::translate("MainWindow", "%1\nThe key is sent in %2; %3 is expected."))
        .arg(p.testUrl.toDisplayString(), sentIn)
        .arg(p.expectedStatus);
}

// A KeyDesk key's rows, or a vendor credential's: never both, never empty rows of the other kind. Each
// kind's rows are a form of their own, shown or hidden whole. (Hiding rows within a QFormLayout makes Qt
// 6.4's heightForWidth and setGeometry write out of bounds, as valgrind shows; the offscreen tests crashed.)
void showProvider(Ui::MainWindow& ui, const std::optional<ProviderSettings>& provider, bool isOAuth2)
{
    const bool vendor = provider.has_value();
    const bool oauth2 = vendor && isOAuth2;
    ui.serviceDetails->setVisible(!vendor);
    ui.detailsTab->findChild<QWidget*>(QStringLiteral("tokenDetails"))->setVisible(oauth2);
    ui.detailsTab->findChild<QWidget*>(QStringLiteral("testCallDetails"))->setVisible(vendor);
    if (!vendor)
        return;
    const ProviderSettings& p = *provider;
    valueLabel(ui, "detailTokenUrlLabel")->setText(p.tokenUrl.toDisplayString());
    valueLabel(ui, "detailClientAuthLabel")->setText(ProviderSettings::clientAuthDisplayName(p.clientAuth));
    valueLabel(ui, "detailScopeLabel")
        ->setText(p.scope.isEmpty() ? QCoreApplication::translate("MainWindow", "None asked for") : p.scope);
    valueLabel(ui, "detailTestCallLabel")->setText(testCallText(p, oauth2));
}

// A form of caption and value rows under the service-only ones, hidden until a vendor's credential is shown.
QFormLayout* addForm(Ui::MainWindow& ui, const char* name)
{
    auto* group = new QWidget(ui.detailsTab);
    group->setObjectName(QLatin1String(name));
    group->setVisible(false);
    auto* form = new QFormLayout(group);
    form->setContentsMargins(0, 0, 0, 0);
    ui.detailsPageLayout->insertWidget(ui.detailsPageLayout->indexOf(ui.serviceDetails) + 1, group);
    return form;
}

void addRow(QFormLayout* form, const char* caption, const char* name)
{
    auto* value = new QLabel;
    value->setObjectName(QLatin1String(name));
    value->setTextFormat(Qt::PlainText); // URLs and scopes come from whoever set the credential up
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* label = new QLabel(QCoreApplication::translate("MainWindow", caption));
    label->setTextFormat(Qt::PlainText);
    form->addRow(label, value);
}

} // namespace

namespace KeyDetailsPanel {

void setUp(Ui::MainWindow& ui)
{
    QFormLayout* testCall = addForm(ui, "testCallDetails");
    addRow(testCall, QT_TRANSLATE_NOOP("MainWindow", "Test call"), "detailTestCallLabel");
    QFormLayout* token = addForm(ui, "tokenDetails"); // above the test call
    addRow(token, QT_TRANSLATE_NOOP("MainWindow", "Token URL"), "detailTokenUrlLabel");
    addRow(token, QT_TRANSLATE_NOOP("MainWindow", "Client authentication"), "detailClientAuthLabel");
    addRow(token, QT_TRANSLATE_NOOP("MainWindow", "Scope"), "detailScopeLabel");
    for (QLabel* value : ui.detailsTab->findChildren<QLabel*>()) {
        if (!value->objectName().startsWith(QLatin1String("detail")))
            continue; // the row captions keep their size
        value->setWordWrap(true);
        QSizePolicy policy = value->sizePolicy();
        policy.setHorizontalPolicy(QSizePolicy::Ignored);
        value->setSizePolicy(policy);
    }
    // Wide enough for a whole key id (kd_ and 20 characters) next to the captions, whatever else is long.
    int captions = 0;
    QList<QLabel*> captionLabels;
    for (QLabel* caption : ui.detailsTab->findChildren<QLabel*>())
        if (!caption->objectName().startsWith(QLatin1String("detail"))) {
            captions = qMax(captions, caption->sizeHint().width());
            captionLabels << caption;
        }
    for (QLabel* caption : captionLabels) // the forms' value columns line up
        caption->setMinimumWidth(captions);
    const int keyId = ui.detailKeyIdLabel->fontMetrics().horizontalAdvance(QStringLiteral("kd_") +
                                                                           QString(20, QLatin1Char('W')));
    ui.detailsTabWidget->setMinimumWidth(captions + keyId + 48);
    // Below the table (a narrow window, DetailsPlacement) the details scroll rather than take its height.
    auto* scroll = new QScrollArea;
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the values wrap
    scroll->viewport()->setAutoFillBackground(false); // the tab's own background, as the History tab
    const int page = ui.detailsTabWidget->indexOf(ui.detailsTab);
    const QString title = ui.detailsTabWidget->tabText(page);
    ui.detailsTabWidget->removeTab(page);
    scroll->setWidget(ui.detailsTab);
    ui.detailsTab->setAutoFillBackground(false); // setWidget() turned it on
    ui.detailsTabWidget->insertTab(page, scroll, title);
    ui.detailsTabWidget->setCurrentIndex(page);
}

void show(Ui::MainWindow& ui, const std::optional<Credential>& key, const QDateTime& now,
          const Extras& extras)
{
    const TestResult& test = extras.test;
    const bool secretMissing = extras.secretMissing;
    showProvider(ui, key ? extras.provider : std::nullopt, extras.oauth2);
    ui.detailTestResultLabel->setText(key ? test.text : QString());
    ui.detailTestResultLabel->setVisible(key && !test.text.isEmpty());
    ui.detailTestResultLabel->setStyleSheet(
        test.passed
            ? QString()
            : StatusColors::styleSheet(StatusColors::Tone::Problem, ui.detailTestResultLabel->palette()));
    ui.detailSecretAdviceLabel->setVisible(key && secretMissing);
    if (!key) {
        for (QLabel* l : {ui.detailNameLabel, ui.detailKeyIdLabel, ui.detailLast4Label, ui.detailStatusLabel,
                          ui.detailCreatedLabel, ui.detailExpiresLabel, ui.detailLastUsedLabel,
                          ui.detailDescriptionLabel, ui.detailRotationLabel, ui.detailLastTestedLabel,
                          ui.detailProjectLabel, ui.detailCreatedByLabel, ui.detailUsernameLabel})
            l->clear();
        return;
    }
    const Credential& c = *key;
    ui.detailNameLabel->setText(c.name);
    ui.detailKeyIdLabel->setText(c.keyId);
    ui.detailLast4Label->setText(QStringLiteral("\u2022\u2022\u2022\u2022") + c.last4);
    ui.detailStatusLabel->setText(secretMissing
                                      ? InventoryTableModel::statusText(c, now, extras.reminderDays) +
                                            QStringLiteral(" \u00B7 ") + SecretPresenceMarks::missingText()
                                      : InventoryTableModel::statusText(c, now, extras.reminderDays));
    ui.detailSecretAdviceLabel->setText(SecretPresenceMarks::missingAdvice());
    ui.detailCreatedLabel->setText(date(c.createdAt, QString()));
    ui.detailExpiresLabel->setText(date(c.expiresAt, QCoreApplication::translate("MainWindow", "Never")));
    ui.detailLastUsedLabel->setText(
        date(c.lastUsedAt, QCoreApplication::translate("MainWindow", "Never used")));
    ui.detailDescriptionLabel->setText(c.description);
    ui.detailProjectLabel->setText(c.project.isEmpty() ? QString()
                                   : c.projectName.isEmpty()
                                       ? c.project
                                       : QStringLiteral("%1 (%2)").arg(c.projectName, c.project));
    ui.detailCreatedByLabel->setText(c.createdBy);
    ui.detailUsernameLabel->setText(c.username);
    ui.detailRotationLabel->setText(rotationText(extras.rotation));
    ui.detailLastTestedLabel->setText(c.lastTestedAt.isValid()
                                          ? DateFormat::dateTime(c.lastTestedAt) +
                                                QStringLiteral(" \u2014 ") + c.lastTestResult
                                          : QCoreApplication::translate("MainWindow", "Never tested"));
}

} // namespace KeyDetailsPanel
