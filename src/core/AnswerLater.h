#pragma once

#include <QMetaObject>
#include <QObject>
#include <utility>

// Every asynchronous call answers later, even when the answer is known at once (a refused URL, a bad name):
// a caller never has its callback run inside the call that registered it. Dropped if `context` dies first.
template <typename Done, typename Value> void answerLater(QObject* context, Done done, Value value)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), value = std::move(value)]() mutable { done(std::move(value)); },
        Qt::QueuedConnection);
}
