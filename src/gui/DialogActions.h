#pragma once

#include "TokenSource.h"
#include "core/Clock.h"
#include "usecases/CredentialTarget.h"

#include <QObject>
#include <QPointer>
#include <optional>

class Clipboard;
class InventoryStore;
class InventoryTableModel;
class QDialog;
class QWidget;
class SecretStore;
class ServiceSession;
class ServiceSessions;
class TestCall;
class TokenClient;
struct Credential;

// The main window's actions that open a dialog: Generate Key (then its copy-once secret), Connect to a
// Service, Add and Edit Credential, Public Key, Token Generator, Export and the user guide. Each one runs its
// dialog and the use cases behind it; what the window must show afterwards comes back as signals.
class DialogActions : public QObject
{
    Q_OBJECT

public:
    DialogActions(InventoryStore& store, ServiceSessions& sessions, SecretStore* secrets,
                  Clipboard& clipboard, const Clock& clock, TokenClient& tokens, TestCall& call,
                  QWidget* window);

    // `target`/`project`: what is picked on the left, offered first (null/empty: the first that may).
    void generateKey(const ServiceSession* target, const QString& project);
    void connectService();
    void importCredential();
    void editCredential(const Credential& credential, bool focusSecret);
    void showPublicKeyOf(qint64 credentialId);
    void openTokenGenerator(const std::optional<Credential>& selected);
    // Writes what `model` shows (its search, filters and sort; every row) to a file the user picks.
    void exportInventory(const InventoryTableModel& model);
    void openUserGuide();                             // modeless, and only one: F1 again brings it forward
    void setDeadlineMs(int ms) { m_deadlineMs = ms; } // for what the dialogs ask the network

signals:
    void status(const QString& message, bool problem);
    void keyCreated(qint64 connectionId, const QString& keyId); // its secret was shown (and kept) already
    void connectionAdded();
    void refreshRequested(const QString& thenSay);         // a new service connected: list its keys
    void credentialSaved(qint64 credentialId, bool added); // added or edited, secret included
    void inventoryChanged();                               // a token generator test was recorded

private:
    QList<TokenSource> tokenSources();

    InventoryStore& m_store;
    ServiceSessions& m_sessions;
    SecretStore* m_secrets;
    Clipboard& m_clipboard;
    int m_deadlineMs = 0;
    const Clock& m_clock;
    TokenClient& m_tokens;
    TestCall& m_call;
    QWidget* m_window;
    QPointer<QDialog> m_userGuide;
};
