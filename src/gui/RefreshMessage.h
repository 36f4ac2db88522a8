#pragma once

#include "usecases/ServiceSessions.h"

#include <QString>

// What the status line says after a refresh: `done` when every service answered, otherwise which did not
// and why, with what the table shows for them.
namespace RefreshMessage {
QString after(const QList<ServiceSessions::Failure>& failures, int services, const QString& done);
} // namespace RefreshMessage
