#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

// What every fuzz target shares: a QCoreApplication (Qt's SQL drivers are plugins and need one) and a way
// to stop on a broken property that is not a crash. A finding is saved by libFuzzer as crash-<hash>.
namespace FuzzSupport {

inline void startQt(int* argc, char*** argv)
{
    // Never destroyed: at exit libFuzzer returns through exit(), after Qt's own globals are gone.
    static QCoreApplication* app = new QCoreApplication(*argc, *argv);
    (void)app;
}

inline QByteArray bytes(const uint8_t* data, size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size));
}

// A property that must hold for every input; libFuzzer reports the input that broke it.
inline void require(bool holds, const char* property)
{
    if (!holds) {
        std::fprintf(stderr, "broken property: %s\n", property);
        std::abort();
    }
}

} // namespace FuzzSupport
