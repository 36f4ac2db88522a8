#include "HiddenInput.h"

#include <csignal>
#include <termios.h>
#include <unistd.h>

namespace {

// One hidden prompt at a time: what the signal handler needs to put back.
int g_fd = -1;
termios g_saved{};
struct sigaction g_previous[3];
constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};

void restoreAndExit(int signal)
{
    tcsetattr(g_fd, TCSAFLUSH, &g_saved); // async-signal-safe
    _exit(128 + signal);
}

} // namespace

HiddenInput::HiddenInput(int fd) : m_fd(fd)
{
    if (!isatty(fd) || tcgetattr(fd, &g_saved) != 0)
        return;
    termios quiet = g_saved;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    quiet.c_lflag |= ECHONL; // the Enter still shows as a new line
    g_fd = fd;
    struct sigaction restore
    {};
    restore.sa_handler = restoreAndExit;
    sigemptyset(&restore.sa_mask);
    for (int i = 0; i < 3; ++i)
        sigaction(kSignals[i], &restore, &g_previous[i]);
    m_active = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
}

HiddenInput::~HiddenInput()
{
    if (g_fd != m_fd)
        return;
    tcsetattr(m_fd, TCSAFLUSH, &g_saved);
    for (int i = 0; i < 3; ++i)
        sigaction(kSignals[i], &g_previous[i], nullptr);
    g_fd = -1;
}
