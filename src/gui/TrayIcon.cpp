#include "TrayIcon.h"

#include "AppIcons.h"

#include <QApplication>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

TrayIcon::TrayIcon(QWidget* window, Tray tray, QObject* parent)
    : QObject(parent), m_window(window),
      m_available(tray == Tray::Detect ? QSystemTrayIcon::isSystemTrayAvailable() : tray == Tray::Available),
      m_menu(new QMenu), m_icon(new QSystemTrayIcon(AppIcons::application(), this))
{
    m_show = m_menu->addAction(tr("&Show KeyDesk"), this, &TrayIcon::showWindow);
    m_menu->addSeparator();
    m_quit = m_menu->addAction(AppIcons::action(QStringLiteral("application-exit")), tr("&Quit KeyDesk"),
                               qApp, &QApplication::quit);
    m_icon->setToolTip(tr("KeyDesk"));
    m_icon->setContextMenu(m_menu);
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason why) {
        if (why == QSystemTrayIcon::Trigger || why == QSystemTrayIcon::DoubleClick)
            showWindow();
    });
    if (m_available)
        m_icon->show();
}

TrayIcon::~TrayIcon()
{
    delete m_menu; // (a menu without a parent: the tray shows it, not the window)
}

QSystemTrayIcon* TrayIcon::icon() const
{
    return m_available ? m_icon : nullptr;
}

void TrayIcon::showAtStart(bool minimised)
{
    if (!minimised)
        m_window->show();
    else if (!m_available) // nowhere else to find it again
        m_window->showMinimized();
    // else it stays hidden: the tray's icon brings it
}

void TrayIcon::showWindow()
{
    m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
}
