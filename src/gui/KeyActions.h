#pragma once

#include "usecases/CredentialTarget.h"

#include <QObject>

class ChangeKeyStatus;
class DeleteCredential;
class InventoryStore;
class SecretStore;
class ServiceDirectory;
class TestCall;
class TestCredential;
class TokenClient;
class QWidget;

// The main window's key actions over the use cases: Test Key, Delete (with its confirmation) and
// Deactivate/Activate. Results come back as signals; the window shows them and refreshes what changed.
class KeyActions : public QObject
{
    Q_OBJECT

public:
    KeyActions(InventoryStore& store, SecretStore* secrets, ServiceDirectory& services, TokenClient& tokens,
               TestCall& call, QWidget* window);

    bool canTest() const { return m_test != nullptr; }
    void test(const CredentialTarget& target);
    void remove(const CredentialTarget& target);
    void toggleActive(const Credential& key);

signals:
    // About the key `credentialId`: the window drops it when that key is no longer the one in view.
    void status(const QString& message, bool problem, qint64 credentialId);
    // The whole result, for the details panel: what came back, how long it took, what it means and what to
    // do.
    void tested(qint64 credentialId, bool passed, const QString& result);
    // `synced`: the inventory already has the change (a KeyDesk key); otherwise the window reloads only.
    void removed(qint64 credentialId, bool completely, bool serviceKey, const QString& message);
    void statusChanged(qint64 credentialId, const QString& message);

private:
    QWidget* m_window;
    TestCredential* m_test = nullptr; // null without a keychain: there is nothing to test with
    DeleteCredential* m_delete;
    ChangeKeyStatus* m_changeStatus;
};
