#pragma once

#include "Credential.h"
#include "Expected.h"

#include <QDateTime>
#include <QJsonObject>

// The service API's JSON form of a key (docs/api.md): written by the service, read by the app's client.
namespace CredentialJson {
// `now` decides whether "status" says expired.
QJsonObject toJson(const Credential& key, const QDateTime& now);
// Strict: a missing or mistyped field is an error naming it, not a default.
Expected<Credential> fromJson(const QJsonObject& object);
} // namespace CredentialJson
