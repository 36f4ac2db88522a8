#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>
#include <algorithm>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

// Searching this process's memory for a secret that should be gone. What is searched for is kept masked
// (XOR kMask), so the search never finds its own needle.
constexpr char kMask = 0x5a;

inline std::vector<char> masked(const char* data, qsizetype size)
{
    std::vector<char> out(data, data + size);
    for (char& c : out)
        c ^= kMask;
    return out;
}

// Whether the process's heap or anonymous memory still holds `needle` (given masked). Read through
// /proc/self/mem, so a region unmapped meanwhile is an error, not a crash.
inline bool memoryHolds(const std::vector<char>& needle)
{
    std::vector<char> chunk(1 << 20); // first, and left out of the scan: it holds what was read
    const auto own = quint64(reinterpret_cast<quintptr>(chunk.data()));
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return true;
    std::vector<std::pair<quint64, quint64>> regions;
    for (const QByteArray& line : maps.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        const bool anonymous = fields.size() == 5 || (fields.size() == 6 && fields.at(5) == "[heap]");
        if (fields.size() < 5 || !fields.at(1).startsWith("rw") || !anonymous)
            continue;
        const QList<QByteArray> range = fields.at(0).split('-');
        const quint64 begin = range.at(0).toULongLong(nullptr, 16);
        const quint64 end = range.at(1).toULongLong(nullptr, 16);
        if (own < begin || own >= end)
            regions.emplace_back(begin, end);
    }
    const int mem = ::open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
    if (mem < 0)
        return true;
    bool found = false;
    for (const auto& [begin, end] : regions) {
        // Chunks overlap by the needle's length, so nothing is missed at their seams.
        for (quint64 at = begin; at < end && !found; at += chunk.size() - needle.size()) {
            const ssize_t n =
                ::pread(mem, chunk.data(), std::min<quint64>(chunk.size(), end - at), off_t(at));
            if (n < ssize_t(needle.size()))
                break;
            for (ssize_t i = 0; i + ssize_t(needle.size()) <= n && !found; ++i) {
                std::size_t k = 0;
                while (k < needle.size() && char(chunk[std::size_t(i) + k] ^ kMask) == needle[k])
                    ++k;
                found = k == needle.size();
            }
        }
    }
    std::fill(chunk.begin(), chunk.end(), 0);
    ::close(mem);
    return found;
}
