#include "KeyContextMenu.h"

#include "ui_MainWindow.h"

#include <QMenu>

void KeyContextMenu::popUp(Ui::MainWindow& ui, bool serviceKey, QWidget* parent, const QPoint& at)
{
    auto* menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("keyContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->setToolTipsVisible(true); // a disabled action says why, as in the toolbar
    QList<QAction*> always{ui.actionCopyKeyId, ui.actionTestKey, ui.actionDelete};
    if (serviceKey)
        always << ui.actionToggleActive << ui.actionRotate;
    for (QAction* a : std::initializer_list<QAction*>{
             ui.actionCopyKeyId, ui.actionTestKey, ui.actionTokenGenerator, ui.actionShowPublicKey, nullptr,
             ui.actionToggleActive, ui.actionRotate, ui.actionEditCredential, ui.actionReplaceSecret, nullptr,
             ui.actionDelete}) {
        if (!a)
            menu->addSeparator();
        else if (a->isEnabled() || always.contains(a))
            menu->addAction(a);
    }
    menu->popup(ui.inventoryTableView->viewport()->mapToGlobal(at));
}
