#pragma once

#include "usecases/CredentialTarget.h"

#include <QObject>

class ChangeKeyStatus;
class Clipboard;
class DeleteCredential;
class InventoryStore;
class SecretStore;
class ServiceSessions;
class TestCall;
class TestCredential;
class TokenClient;
class QWidget;

// The main window's actions on one key, over the use cases: Test Key (then the key's service is read again,
// since the test used the key there), Delete (with its confirmation), Deactivate/Activate and Rotate (its
// questions). Results come back as signals; the window shows them and refreshes what changed.
class KeyActions : public QObject
{
    Q_OBJECT

public:
    KeyActions(InventoryStore& store, SecretStore* secrets, ServiceSessions& services, TokenClient& tokens,
               TestCall& call, Clipboard& clipboard, QWidget* window);

    bool canTest() const { return m_test != nullptr; }
    void test(const Credential& key);
    void remove(const Credential& key);
    void rotate(const Credential& key);
    void toggleActive(const Credential& key);

signals:
    // About the key `credentialId`: the window drops it when that key is no longer the one in view.
    void status(const QString& message, bool problem, qint64 credentialId);
    // The whole result, for the details panel: what came back, how long it took, what it means and what to
    // do.
    void testing(qint64 credentialId);
    void tested(qint64 credentialId, bool passed, const QString& result);
    void usedAtService(qint64 credentialId); // after a test: its Last used and History are read again
    // `synced`: the inventory already has the change (a KeyDesk key); otherwise the window reloads only.
    void removed(qint64 credentialId, bool completely, bool serviceKey, const QString& message);
    void statusChanged(qint64 credentialId, const QString& message);
    // Rotation: each step is shown before the next question is asked about it.
    void successorCreated(qint64 connectionId, const QString& keyId);
    void deactivated(qint64 credentialId);
    void rotated(bool ok, const QString& message);

private:
    std::optional<CredentialTarget> targetOf(const Credential& key); // null: the reason was said
    void syncAfterUse(const CredentialTarget& tested);

    InventoryStore& m_store;
    SecretStore* m_secrets;
    ServiceSessions& m_services;
    Clipboard& m_clipboard;
    QWidget* m_window;
    TestCredential* m_test = nullptr; // null without a keychain: there is nothing to test with
    DeleteCredential* m_delete;
    ChangeKeyStatus* m_changeStatus;
};
