#pragma once

#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

// KeyDesk in the system tray: its icon, a click shows the window, and a menu to show it or quit. "Start
// minimised" starts in the tray where the desktop has one, and minimised to the taskbar where it has none,
// so the window can always be found again. Expiry reminders are shown as the tray's messages.
class TrayIcon : public QObject
{
    Q_OBJECT

public:
    enum class Tray
    {
        Detect,
        Available,
        Missing
    };
    explicit TrayIcon(QWidget* window, Tray tray = Tray::Detect, QObject* parent = nullptr);
    ~TrayIcon() override;

    bool available() const { return m_available; }
    // The tray's icon while the desktop has a tray, else nullptr.
    QSystemTrayIcon* icon() const;
    QAction* showAction() const { return m_show; }
    QAction* quitAction() const { return m_quit; }
    // Shows the window at start: in the tray (hidden) or minimised when asked to, else normally.
    void showAtStart(bool minimised);

private:
    void showWindow();

    QWidget* m_window;
    bool m_available;
    QMenu* m_menu;
    QSystemTrayIcon* m_icon;
    QAction* m_show;
    QAction* m_quit;
};
