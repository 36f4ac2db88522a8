#pragma once

#include "KeyStatus.h"
#include "KeychainNames.h"

#include <QDateTime>
#include <QString>

// Metadata of one credential (API key or OAuth2 client) as the inventory mirrors it.
// There is deliberately no field for the secret: secrets live only in the OS keychain.
struct Credential
{
    qint64 id = 0;           // inventory row id; 0 until stored
    qint64 connectionId = 0; // the connection it belongs to
    QString connectionUid;   // that connection's stable id (read with the row; names the keychain entry)
    QString project;         // service project id (KeyDesk connections) or empty
    QString remoteId;        // the service's id for the key, used in its URLs
    QString name;
    QString description;
    QString keyId;                              // public identifier / OAuth2 client id
    QString last4;                              // last 4 characters of the secret, for recognition only
    KeyStatus storedStatus = KeyStatus::Active; // Active or Inactive; Expired is derived
    QDateTime createdAt;
    QDateTime expiresAt; // invalid = never expires
    QDateTime lastUsedAt;
    QDateTime lastTestedAt;
    QString lastTestResult;
    QString username;      // the key's generated user (apiuser-…@keydesk.local), the actor of its use
    QString createdBy;     // the person who created it on the service; empty when unknown
    QString projectName;   // display only: the name of `project` as last synced
    QString replacesKeyId; // set on a rotation's successor: the key id it replaces

    bool neverExpires() const { return !expiresAt.isValid(); }
    // The OS keychain entry holding this credential's secret (service "keydesk"): one per credential.
    // Empty while the connection's uid is unknown: a secret is never kept under a made-up name.
    QString keychainAccount() const { return KeychainNames::credential(connectionUid, keyId); }
    bool isExpiredAt(const QDateTime& now) const;
    // Expired wins over the stored status: an expired key cannot be used whatever its switch says.
    KeyStatus statusAt(const QDateTime& now) const;
    // True for a key that has not expired yet but will within `days` days of now.
    bool expiresWithin(int days, const QDateTime& now) const;
    // True when it is time to rotate: the key expires within `reminderDays`, or within the last quarter of
    // its life when that is shorter, so a key made for 7 days is not urgent the minute it is made.
    bool rotationDueWithin(int reminderDays, const QDateTime& now) const;
};
