#pragma once

#include "core/Expected.h"

#include <QTest>
#include <optional>

// Runs an asynchronous call (`run` receives the callback) and waits for its answer, or a Timeout error.
template <typename T, typename Run> Expected<T> awaitResult(Run run, int timeoutMs = 20000)
{
    std::optional<Expected<T>> result;
    run([&](Expected<T> r) { result.emplace(std::move(r)); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, timeoutMs))
        return Error(Error::Kind::Timeout, QStringLiteral("no answer in %1 ms").arg(timeoutMs));
    return std::move(*result);
}
