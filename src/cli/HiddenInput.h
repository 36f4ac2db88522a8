#pragma once

// While alive, the terminal on `fd` does not echo what is typed (a secret pasted at a prompt must not stay on
// screen or in the scrollback). Restored when destroyed, and on Ctrl+C, SIGTERM or SIGHUP in the meantime.
// Does nothing when `fd` is not a terminal: secrets piped in are read as they are.
class HiddenInput
{
public:
    explicit HiddenInput(int fd);
    ~HiddenInput();
    HiddenInput(const HiddenInput&) = delete;
    HiddenInput& operator=(const HiddenInput&) = delete;

    bool isTerminal() const { return m_active; }

private:
    int m_fd;
    bool m_active = false;
};
