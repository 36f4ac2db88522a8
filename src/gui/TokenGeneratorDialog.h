#pragma once

#include "SecretHolder.h"
#include "TokenSource.h"
#include "core/MonotonicClock.h"
#include "core/SecretBytes.h"
#include "core/TokenCountdown.h"

#include <QDialog>
#include <QSet>
#include <QTimer>
#include <memory>

namespace Ui {
class TokenGenerator;
}
class Clipboard;
class CopyFeedback;
class InventoryStore;
class RequestToken;
class SecretStore;
class TestCall;
class TestToken;
class TokenClient;

// Client credentials -> access token: pick a credential, Generate; the token (masked, reveal), its type, a
// live countdown on the monotonic clock (warning colour under 5 min, "expired" at 0), Renew and automatic
// renewal (once per token: a failed renewal is shown, not retried), copy as token / header / curl through
// the clipboard rules, the decoded JWT, and a test call. The token lives in memory only. A credential
// whose secret is not in this keychain is marked so in the picker and cannot be sent.
class TokenGeneratorDialog : public QDialog, public SecretHolder
{
    Q_OBJECT

public:
    TokenGeneratorDialog(QList<TokenSource> sources, TokenClient& tokens, TestCall& tests,
                         SecretStore& secrets, Clipboard& clipboard, InventoryStore* inventory = nullptr,
                         const MonotonicClock& clock = MonotonicClock::system(), QWidget* parent = nullptr);
    ~TokenGeneratorDialog() override;

    void selectCredential(qint64 credentialId);
    // The token is forgotten (a new one is a click away) and the dialog says so.
    void lockSecrets() override;
    const TokenCountdown& countdown() const { return m_countdown; }

public slots:
    void generate();
    void tick();

signals:
    void tokenReceived(bool renewal);
    void failed(const QString& message);
    void tested(bool passed);

private:
    void showToken();
    void showError(const QString& message);
    void setBusy(bool busy);
    void testToken();
    void clearToken();
    // Marks credentials whose secret is not in this keychain, so they do not fail with a keychain error.
    void probeSecrets(SecretStore& secrets);
    void showSecretMissing();
    bool currentSecretMissing() const;
    const TokenSource* current() const;
    QString curlCommand() const;

    std::unique_ptr<Ui::TokenGenerator> m_ui;
    QList<TokenSource> m_sources;
    RequestToken* m_requestToken;
    TestToken* m_testToken;
    Clipboard& m_clipboard;
    CopyFeedback* m_feedback;
    const MonotonicClock& m_clock;
    QTimer m_ticker;
    SecretBytes m_token;
    TokenCountdown m_countdown;
    bool m_busy = false;
    bool m_renewing = false;
    bool m_autoRenewTried = false;
    QSet<qint64> m_secretMissing;
};
