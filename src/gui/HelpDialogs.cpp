#include "HelpDialogs.h"

#include "AppIcons.h"

#include <QAction>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

namespace HelpDialogs {

std::unique_ptr<QDialog> about(const QString& settingsFile, QWidget* parent)
{
    auto owned = std::make_unique<QDialog>(parent);
    QDialog& dialog = *owned;
    dialog.setWindowTitle(QCoreApplication::translate("HelpDialogs", "About KeyDesk"));
    auto* icon = new QLabel(&dialog);
    icon->setPixmap(AppIcons::application().pixmap(64, 64));
    auto* text = new QLabel(&dialog);
    text->setObjectName(QStringLiteral("aboutText"));
    text->setTextFormat(Qt::PlainText);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text->setText(QCoreApplication::translate(
                      "HelpDialogs",
                      "KeyDesk %1\n\nKeeps API keys and OAuth2 client credentials: creates, rotates "
                      "and deactivates keys, gets and tests tokens, and keeps every secret in the "
                      "OS keychain.\n\nLicence: %6\nQt %2 (built with %3), QtKeychain %7\nData folder: "
                      "%4\nSettings: %5")
                      .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                           QStringLiteral(QT_VERSION_STR),
                           QStandardPaths::writableLocation(QStandardPaths::AppDataLocation), settingsFile,
                           QStringLiteral(KEYDESK_LICENSE), QStringLiteral(KEYDESK_QTKEYCHAIN_VERSION)));
    // A paragraph wraps at a readable width rather than making the window as wide as its longest line.
    text->setWordWrap(true);
    text->setMinimumWidth(text->fontMetrics().averageCharWidth() * 56);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addWidget(text, 1);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addLayout(top);
    layout->addWidget(buttons);
    return owned;
}

std::unique_ptr<QDialog> shortcuts(const QList<QAction*>& actions, QWidget* parent)
{
    auto owned = std::make_unique<QDialog>(parent);
    QDialog& dialog = *owned;
    dialog.setWindowTitle(QCoreApplication::translate("HelpDialogs", "Keyboard Shortcuts"));
    auto* table = new QTableWidget(0, 2, &dialog);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setHorizontalHeaderLabels({QCoreApplication::translate("HelpDialogs", "Action"),
                                      QCoreApplication::translate("HelpDialogs", "Keys")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAccessibleName(QCoreApplication::translate("HelpDialogs", "Keyboard shortcuts"));
    for (QAction* action : actions) {
        if (action->shortcut().isEmpty())
            continue;
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(action->text().remove(QLatin1Char('&'))));
        table->setItem(row, 1, new QTableWidgetItem(action->shortcut().toString(QKeySequence::NativeText)));
    }
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog.resize(460, 420);
    return owned;
}

} // namespace HelpDialogs
