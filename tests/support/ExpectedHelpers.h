#pragma once

#include "core/Expected.h"

#include <QTest>

// Like QVERIFY(result.ok()), but a failure prints the Error so the log says what went wrong.
#define KD_VERIFY_OK(expr)                                                                                   \
    do {                                                                                                     \
        const auto& kdResult = (expr);                                                                       \
        QVERIFY2(kdResult.ok(), kdResult.ok() ? "" : qPrintable(kdResult.error().toString()));               \
    } while (false)
