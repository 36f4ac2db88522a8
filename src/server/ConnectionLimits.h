#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

// Caps open connections in total and per source address, so one client (or one address's many clients)
// cannot take every slot. Thread-safe; memory is bounded by the total cap (one entry per open address).
class ConnectionLimits
{
public:
    // 0 means no cap.
    ConnectionLimits(int maxTotal, int maxPerAddress);

    // Held for as long as the connection is open; releases its slot when destroyed.
    class Slot
    {
    public:
        Slot(ConnectionLimits& limits, std::string address);
        ~Slot();
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;

    private:
        ConnectionLimits& m_limits;
        std::string m_address;
    };

    // A slot for a new connection from `address`, or nullptr when a cap is reached.
    std::unique_ptr<Slot> admit(const std::string& address);
    int openConnections() const;

private:
    void release(const std::string& address);

    const int m_maxTotal;
    const int m_maxPerAddress;
    mutable std::mutex m_mutex;
    int m_total = 0;
    std::unordered_map<std::string, int> m_perAddress;
};
