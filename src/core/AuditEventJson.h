#pragma once

#include "AuditEvent.h"
#include "Expected.h"

#include <QJsonObject>

// An audit event as docs/api.md writes it: the service's reply, the app's export and the CLI's JSON.
namespace AuditEventJson {
QJsonObject toJson(const AuditEvent& event);
// Strict about what the app relies on (seq, at, action); anything else may be missing.
Expected<AuditEvent> fromJson(const QJsonObject& object);
} // namespace AuditEventJson
