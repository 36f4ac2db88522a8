#include "KeyDetailsPanel.h"

#include "DateFormat.h"
#include "InventoryTableModel.h"
#include "SecretPresenceMarks.h"
#include "StatusColors.h"
#include "ui_MainWindow.h"

#include <QCoreApplication>
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

} // namespace

namespace KeyDetailsPanel {

void setUp(Ui::MainWindow& ui)
{
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
    for (QLabel* caption : ui.detailsTab->findChildren<QLabel*>())
        if (!caption->objectName().startsWith(QLatin1String("detail")))
            captions = qMax(captions, caption->sizeHint().width());
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
