#include "KeyActionStates.h"

#include "AppIcons.h"
#include "SecretPresenceMarks.h"
#include "ui_MainWindow.h"

#include <QCoreApplication>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("KeyActionStates", text);
}

// Enabled, its tooltip is its own (from the .ui, or its name); disabled, its tooltip says why, so a grey
// button is never a riddle.
void set(QAction* action, const QString& whyNot)
{
    static const char* const own = "keydeskOwnToolTip";
    if (!action->property(own).isValid()) // Qt's default tooltip is the text: remember only a written one
        action->setProperty(own, action->toolTip() == action->text().remove(QLatin1Char('&'))
                                     ? QString()
                                     : action->toolTip());
    const QString written = action->property(own).toString();
    action->setEnabled(whyNot.isEmpty());
    action->setToolTip(!whyNot.isEmpty()    ? whyNot
                       : !written.isEmpty() ? written
                                            : action->text().remove(QLatin1Char('&')));
}

} // namespace

namespace KeyActionStates {

void apply(Ui::MainWindow& ui, const Context& context)
{
    const std::optional<Credential>& c = context.selected;
    const bool has = c.has_value();
    const bool ours = has && context.serviceKey;
    const QString none = tr("Select a key first.");
    const QString noKeychain = tr("Needs the OS keychain, which is not available.");
    const QString offline = tr("The service is unreachable; refresh (F5) when it is back.");
    const QString atVendor = tr("A provider credential is switched off or rotated in the vendor's dashboard; "
                                "use Replace Secret when the vendor gives you a new one.");
    auto serviceAction = [&](Permission needed) {
        return !has                                ? none
               : !ours                             ? atVendor
               : !context.online                   ? offline
               : !roleAllows(context.role, needed) ? roleRefusal(context.role, needed)
                                                   : QString();
    };

    ui.actionToggleActive->setText(has && c->storedStatus == KeyStatus::Inactive ? tr("&Activate")
                                                                                 : tr("&Deactivate"));
    AppIcons::setToggleIcon(ui, has && c->storedStatus == KeyStatus::Inactive);
    set(ui.actionToggleActive, serviceAction(Permission::ChangeKeyStatus));
    QString rotate = serviceAction(Permission::ManageKeys);
    if (rotate.isEmpty() && c->storedStatus != KeyStatus::Active)
        rotate = tr("Only an active key is rotated; activate it first.");
    set(ui.actionRotate, rotate);
    set(ui.actionDelete, !has || !ours ? (has ? QString() : none) : serviceAction(Permission::ManageKeys));
    set(ui.actionCopyKeyId, has ? QString() : none);
    set(ui.actionTestKey, context.testable && !context.secretMissing ? QString()
                          : !has                                     ? none
                          : !context.keychain                        ? noKeychain
                          : context.secretMissing // as the Token Generator says it, before a test fails
                              ? SecretPresenceMarks::missingAdvice()
                              : tr("This key has no test call: add a test URL to its connection."));
    set(ui.actionShowPublicKey, context.signsWithKey && context.keychain ? QString()
                                : !has                                   ? none
                                : !context.keychain
                                    ? noKeychain
                                    : tr("Only a credential that signs with a private key (private_key_jwt) "
                                         "has a public key."));
    // A provider credential (not a key of a KeyDesk service) is edited and its secret replaced here.
    const QString provider = !has ? none
                             : context.serviceKey
                                 ? tr("A key of a KeyDesk service is changed by rotating it.")
                             : !context.keychain ? noKeychain
                                                 : QString();
    set(ui.actionEditCredential, provider);
    set(ui.actionReplaceSecret, provider);
    set(ui.actionTokenGenerator, context.keychain ? QString() : noKeychain);
    set(ui.actionImportCredential, context.keychain ? QString() : noKeychain);
    set(ui.actionGenerateKey, context.canGenerate ? QString()
                              : !context.generateRefusal.isEmpty()
                                  ? context.generateRefusal
                                  : tr("No service lets you create keys now."));
}

void keepToolBarSteady(Ui::MainWindow& ui)
{
    QWidget* button = ui.mainToolBar->widgetForAction(ui.actionToggleActive);
    if (!button)
        return;
    const QString shown = ui.actionToggleActive->text();
    int widest = 0;
    for (const QString& text : {tr("&Activate"), tr("&Deactivate")}) {
        ui.actionToggleActive->setText(text);
        widest = qMax(widest, button->sizeHint().width());
    }
    ui.actionToggleActive->setText(shown);
    button->setMinimumWidth(widest);
}

} // namespace KeyActionStates
