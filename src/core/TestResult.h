#pragma once

#include <QDateTime>
#include <QString>

// What a test call found (TestCall sends it; TestCredential and TestToken add advice of their own).
struct TestResult
{
    bool passed = false;
    int status = 0; // 0 when no HTTP answer came
    qint64 latencyMs = 0;
    QString summary;     // one line: "204 No Content in 12 ms" / "Failed: 401"
    QString explanation; // what it means and what to do
    QString serviceSaid; // the service's own error message, if it sent one
    QDateTime testedAt;
};
