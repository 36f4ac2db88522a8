#include "KeyActionStates.h"

#include "ui_MainWindow.h"

#include <QCoreApplication>

namespace KeyActionStates {

void apply(Ui::MainWindow& ui, const Context& context)
{
    const std::optional<Credential>& c = context.selected;
    const bool has = c.has_value();
    const bool ours = has && context.serviceKey;
    const bool mayToggle = roleAllows(context.role, Permission::ChangeKeyStatus);
    const bool mayManage = roleAllows(context.role, Permission::ManageKeys);
    ui.actionToggleActive->setEnabled(ours && context.online && mayToggle);
    ui.actionDelete->setEnabled(has && (!ours || (context.online && mayManage)));
    ui.actionCopyKeyId->setEnabled(has);
    ui.actionRotate->setEnabled(ours && context.online && mayManage && c->storedStatus == KeyStatus::Active);
    ui.actionTestKey->setEnabled(context.testable);
    ui.actionShowPublicKey->setEnabled(context.signsWithKey && context.keychain);
    // A provider credential (not a key of a KeyDesk service) is edited and its secret replaced here.
    ui.actionEditCredential->setEnabled(has && !context.serviceKey && context.keychain);
    ui.actionReplaceSecret->setEnabled(has && !context.serviceKey && context.keychain);
    ui.actionTokenGenerator->setEnabled(context.keychain);
    ui.actionImportCredential->setEnabled(context.keychain);
    ui.actionGenerateKey->setEnabled(context.canGenerate);
    const QString offlineHint =
        !ours || context.online
            ? QString()
            : QCoreApplication::translate("MainWindow",
                                          "The service is unreachable; refresh (F5) when it is back.");
    ui.actionGenerateKey->setToolTip(context.canGenerate
                                         ? ui.actionGenerateKey->text().remove(QLatin1Char('&'))
                                         : context.generateRefusal);
    for (QAction* a : {ui.actionToggleActive, ui.actionDelete, ui.actionRotate}) {
        const Permission needed =
            a == ui.actionToggleActive ? Permission::ChangeKeyStatus : Permission::ManageKeys;
        const bool roleSays = !roleAllows(context.role, needed) && ours;
        const QString why = !offlineHint.isEmpty() ? offlineHint
                            : roleSays             ? roleRefusal(context.role, needed)
                                                   : a->text().remove(QLatin1Char('&'));
        a->setToolTip(why);
    }
    ui.actionToggleActive->setText(has && c->storedStatus == KeyStatus::Inactive
                                       ? QCoreApplication::translate("MainWindow", "&Activate")
                                       : QCoreApplication::translate("MainWindow", "&Deactivate"));
}

} // namespace KeyActionStates
