#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

// What a KeyDesk service's error code (docs/api.md, "Error codes") means, in the reader's language and with
// what to do. The service's own sentence is in the service's language and speaks to API clients ("This
// call needs your personal token in Authorization: Bearer."): the app and the CLI show this instead, and
// the service's sentence only for a code they do not know (a newer service).
namespace ServiceErrorText {

// nullopt for a code this client does not know.
std::optional<QString> of(const QString& code, const QJsonObject& body);
// Every code of() knows, for the test that walks docs/api.md's list.
QStringList knownCodes();

} // namespace ServiceErrorText
