#pragma once

#include <QObject>
#include <sys/types.h>

class QSocketNotifier;

// Passes the signals keydesk-cli run receives on to the program it started (SIGTERM, SIGHUP, SIGINT, SIGQUIT,
// SIGUSR1, SIGUSR2, SIGWINCH), so `kill`, systemd or a CI runner stopping keydesk-cli stops the program the
// way it expects. Ctrl+C and Ctrl+\ at the terminal already reach the program (it is in the terminal's
// foreground process group with us): those are not sent twice. The handler only writes to a pipe; the relay
// happens in the event loop.
class SignalRelay : public QObject
{
    Q_OBJECT

public:
    explicit SignalRelay(QObject* parent = nullptr);
    ~SignalRelay() override;

    // From now on, signals go to `pid` (0: nowhere yet).
    void relayTo(pid_t pid) { m_pid = pid; }

private:
    void relay();

    pid_t m_pid = 0;
    QSocketNotifier* m_notifier = nullptr;
};
