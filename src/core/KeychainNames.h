#pragma once

#include <QString>

// How KeyDesk names its entries in the OS keychain (service "keydesk"). Named by a connection's uid -- a
// random id kept in the inventory -- never by an SQLite row id, which a new inventory would hand out again
// and so attach someone's old secret to a different connection.
namespace KeychainNames {

// A credential's secret: "credential/<connection uid>/<key id>". Empty when the uid is unknown.
QString credential(const QString& connectionUid, const QString& keyId);
// A KeyDesk service connection's personal or admin token: "service-token/<connection uid>".
QString serviceToken(const QString& connectionUid);
// What an entry is called where people see it (KeePassXC, Seahorse): "KeyDesk: <what> (<connection>)".
// Not translated, so a later start finds an entry already named this way.
QString label(const QString& what, const QString& connectionName);
// A fresh connection uid: 128 random bits, hex.
QString newConnectionUid();

// Names used before inventory schema v7, read once by the migration and then deleted.
QString legacyCredential(qint64 connectionId, const QString& keyId);
QString legacyServiceToken(qint64 connectionId); // keydesk-cli's remote services
QString legacyAppServiceToken();                 // the app's one remote service (URL in its settings)

} // namespace KeychainNames
