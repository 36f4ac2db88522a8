#include "SignalRelay.h"

#include <QSocketNotifier>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace {

int g_pipe[2] = {-1, -1};
const int kRelayed[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};

void onSignal(int signal)
{
    const int saved = errno;
    const unsigned char byte = static_cast<unsigned char>(signal);
    (void)!::write(g_pipe[1], &byte, 1); // a full pipe already holds a wake-up; nothing else is safe here
    errno = saved;
}

// The terminal sent it to our whole process group, the program included.
bool cameFromTheTerminal(int signal)
{
    if (signal != SIGINT && signal != SIGQUIT && signal != SIGWINCH)
        return false;
    for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
        if (::isatty(fd))
            return ::tcgetpgrp(fd) == ::getpgrp();
    }
    return false;
}

} // namespace

SignalRelay::SignalRelay(QObject* parent) : QObject(parent)
{
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalRelay::relay);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int s : kRelayed)
        ::sigaction(s, &action, nullptr);
}

SignalRelay::~SignalRelay()
{
    for (int s : kRelayed)
        ::signal(s, SIG_DFL);
    for (int& fd : g_pipe) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

void SignalRelay::relay()
{
    unsigned char byte = 0;
    while (::read(g_pipe[0], &byte, 1) == 1) {
        if (m_pid > 0 && !cameFromTheTerminal(byte))
            ::kill(m_pid, byte);
    }
}
