#include "ConnectionLimits.h"

ConnectionLimits::ConnectionLimits(int maxTotal, int maxPerAddress)
    : m_maxTotal(maxTotal), m_maxPerAddress(maxPerAddress)
{}

ConnectionLimits::Slot::Slot(ConnectionLimits& limits, std::string address)
    : m_limits(limits), m_address(std::move(address))
{}

ConnectionLimits::Slot::~Slot()
{
    m_limits.release(m_address);
}

std::unique_ptr<ConnectionLimits::Slot> ConnectionLimits::admit(const std::string& address)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_maxTotal > 0 && m_total >= m_maxTotal)
            return nullptr;
        int& fromAddress = m_perAddress[address];
        if (m_maxPerAddress > 0 && fromAddress >= m_maxPerAddress)
            return nullptr;
        ++fromAddress;
        ++m_total;
    }
    return std::make_unique<Slot>(*this, address);
}

int ConnectionLimits::openConnections() const
{
    std::lock_guard lock(m_mutex);
    return m_total;
}

void ConnectionLimits::release(const std::string& address)
{
    std::lock_guard lock(m_mutex);
    --m_total;
    auto it = m_perAddress.find(address);
    if (it != m_perAddress.end() && --it->second <= 0)
        m_perAddress.erase(it);
}
