#include "KeyActionStates.h"

#include "ui_MainWindow.h"

#include <QCoreApplication>

namespace KeyActionStates {

void apply(Ui::MainWindow& ui, const Context& context)
{
    const std::optional<Credential>& c = context.selected;
    const bool has = c.has_value();
    const bool ours = has && c->connectionId == context.serviceInUse;
    ui.actionToggleActive->setEnabled(ours && context.online);
    ui.actionDelete->setEnabled(has && (!ours || context.online));
    ui.actionCopyKeyId->setEnabled(has);
    ui.actionRotate->setEnabled(ours && context.online && c->storedStatus == KeyStatus::Active);
    ui.actionTestKey->setEnabled(context.testable);
    ui.actionTokenGenerator->setEnabled(context.keychain);
    ui.actionImportCredential->setEnabled(context.keychain);
    ui.actionGenerateKey->setEnabled(context.online);
    const QString offlineHint =
        context.online ? QString()
                       : QCoreApplication::translate(
                             "MainWindow", "The service is unreachable; refresh (F5) when it is back.");
    for (QAction* a : {ui.actionGenerateKey, ui.actionToggleActive, ui.actionDelete, ui.actionRotate})
        a->setToolTip(offlineHint.isEmpty() ? a->text().remove(QLatin1Char('&')) : offlineHint);
    ui.actionToggleActive->setText(has && c->storedStatus == KeyStatus::Inactive
                                       ? QCoreApplication::translate("MainWindow", "&Activate")
                                       : QCoreApplication::translate("MainWindow", "&Deactivate"));
}

} // namespace KeyActionStates
