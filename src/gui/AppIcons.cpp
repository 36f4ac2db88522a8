#include "AppIcons.h"

#include "ui_MainWindow.h"

namespace AppIcons {

QIcon application()
{
    return QIcon::fromTheme(QStringLiteral("org.keydesk.KeyDesk"),
                            QIcon(QStringLiteral(":/icons/org.keydesk.KeyDesk.svg")));
}

QIcon action(const QString& themeName)
{
    return QIcon::fromTheme(themeName, QIcon(QStringLiteral(":/icons/actions/%1.svg").arg(themeName)));
}

void applyTo(Ui::MainWindow& ui)
{
    const QList<QPair<QAction*, const char*>> icons = {
        {ui.actionGenerateKey, "list-add"},
        {ui.actionCopyKeyId, "edit-copy"},
        {ui.actionDelete, "edit-delete"},
        {ui.actionRotate, "object-rotate-right"},
        {ui.actionTokenGenerator, "dialog-password"},
        {ui.actionTestKey, "network-transmit"},
        {ui.actionRefresh, "view-refresh"},
        {ui.actionExport, "document-save-as"},
        {ui.actionImportCredential, "document-import"},
        {ui.actionEditCredential, "document-properties"},
        {ui.actionFind, "edit-find"},
        {ui.actionConnectService, "network-server"},
        {ui.actionQuit, "application-exit"},
    };
    for (const auto& [a, name] : icons)
        a->setIcon(action(QLatin1String(name)));
    setToggleIcon(ui, false);
}

void setToggleIcon(Ui::MainWindow& ui, bool activates)
{
    ui.actionToggleActive->setIcon(
        action(activates ? QStringLiteral("media-playback-start") : QStringLiteral("media-playback-pause")));
}

} // namespace AppIcons
