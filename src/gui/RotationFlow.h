#pragma once

#include "core/Credential.h"

#include <QObject>

class Clipboard;
class InventoryStore;
class ServiceDirectory;
class SecretStore;
class QWidget;
class RotateKey;

// Rotating a service key without downtime, as a sequence of questions over the use cases: create and link
// the successor (RotateKey; same name + "vN", same expiry option), show its secret once, and only after the
// user confirms the new key is deployed deactivate the old one (ChangeKeyStatus) -- then offer to delete it
// now or later (DeleteCredential).
class RotationFlow : public QObject
{
    Q_OBJECT

public:
    RotationFlow(InventoryStore& store, ServiceDirectory& services, SecretStore* secrets,
                 Clipboard& clipboard, QWidget* window);

    void start(const Credential& old);

signals:
    void progress(const QString& message);
    // The inventory has the successor / the old key's new status: the table shows it before the next
    // question.
    void successorCreated(qint64 connectionId, const QString& keyId);
    void deactivated(qint64 credentialId);
    void finished(bool ok, const QString& message);

private:
    void askToDeactivate(const Credential& old, const Credential& successor);
    void askToDelete(const Credential& old);

    InventoryStore& m_store;
    ServiceDirectory& m_services;
    SecretStore* m_secrets;
    Clipboard& m_clipboard;
    QWidget* m_window;
    RotateKey* m_rotate;
};
