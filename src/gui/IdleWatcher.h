#pragma once

#include <QObject>
#include <QTimer>

// Says when nobody has used KeyDesk (keys, mouse, wheel, touch in any of its windows) for a while.
class IdleWatcher : public QObject
{
    Q_OBJECT

public:
    explicit IdleWatcher(QObject* parent = nullptr);
    void setIdleMs(int ms); // 0: never

signals:
    void idle();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QTimer m_timer;
    int m_idleMs = 0;
};
