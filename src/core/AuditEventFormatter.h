#pragma once

#include "AuditEvent.h"

#include <QList>
#include <QString>

// The audit trail as text: a terminal table, CSV (spreadsheet-safe cells) or JSON as docs/api.md writes
// events. For keydesk-cli events and the app's history export; texts from a service are sanitised for the
// terminal.
namespace AuditEventFormatter {
QString table(const QList<AuditEvent>& events);
QString csv(const QList<AuditEvent>& events);
QString json(const QList<AuditEvent>& events);
// "Deactivated", "Used 12 times", … for people (translated).
QString describe(const AuditEvent& event);
} // namespace AuditEventFormatter
