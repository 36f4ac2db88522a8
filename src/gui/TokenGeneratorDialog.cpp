#include "TokenGeneratorDialog.h"

#include "Clipboard.h"
#include "CopyFeedback.h"
#include "DateFormat.h"
#include "PlainTextLabels.h"
#include "SecretFieldGuard.h"
#include "SecretPresenceMarks.h"
#include "StatusColors.h"
#include "core/JwtDecoder.h"
#include "core/ShellQuote.h"
#include "ui_TokenGenerator.h"
#include "usecases/RequestToken.h"
#include "usecases/TestToken.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

namespace {

QString describeClaims(const QJsonObject& header, const QJsonObject& claims)
{
    QString text = QStringLiteral("header ") +
                   QString::fromUtf8(QJsonDocument(header).toJson(QJsonDocument::Compact)) +
                   QStringLiteral("\n\n");
    for (auto it = claims.begin(); it != claims.end(); ++it) {
        QString value =
            it.value().isString()
                ? it.value().toString()
                : QString::fromUtf8(QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact))
                      .mid(1)
                      .chopped(1);
        if ((it.key() == QLatin1String("exp") || it.key() == QLatin1String("iat") ||
             it.key() == QLatin1String("nbf")) &&
            it.value().isDouble()) {
            value += QStringLiteral("  (%1)").arg(
                DateFormat::dateTime(QDateTime::fromSecsSinceEpoch(qint64(it.value().toDouble()), Qt::UTC)));
        }
        text += it.key() + QStringLiteral(": ") + value + QLatin1Char('\n');
    }
    return text;
}

} // namespace

TokenGeneratorDialog::TokenGeneratorDialog(QList<TokenSource> sources, TokenClient& tokens, TestCall& tests,
                                           SecretStore& secrets, Clipboard& clipboard,
                                           InventoryStore* inventory, const MonotonicClock& clock,
                                           QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::TokenGenerator>()), m_sources(std::move(sources)),
      m_requestToken(new RequestToken(secrets, tokens, this)),
      m_testToken(new TestToken(tests, inventory, this)), m_clipboard(clipboard),
      m_feedback(new CopyFeedback(clipboard, this)), m_clock(clock)
{
    m_ui->setupUi(this);
    m_ui->feedbackLayout->addWidget(m_feedback);
    PlainTextLabels::apply(this);
    for (const TokenSource& s : m_sources)
        m_ui->credentialComboBox->addItem(s.label, s.credential.id);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_ui->tokenLineEdit->setFont(mono);
    m_ui->claimsPlainTextEdit->setFont(mono);
    SecretFieldGuard::install(m_ui->tokenLineEdit, [this] { m_ui->copyTokenButton->click(); });

    connect(m_ui->generateButton, &QPushButton::clicked, this, &TokenGeneratorDialog::generate);
    connect(m_ui->renewButton, &QPushButton::clicked, this, &TokenGeneratorDialog::generate);
    connect(m_ui->testButton, &QPushButton::clicked, this, &TokenGeneratorDialog::testToken);
    connect(m_ui->credentialComboBox, &QComboBox::currentIndexChanged, this, [this] {
        clearToken();
        showError(QString()); // another credential: the last one's error is not about it
        showSecretMissing();
        setBusy(m_busy);
    });
    connect(m_ui->revealToolButton, &QToolButton::toggled, this, [this](bool shown) {
        SecretFieldGuard::reveal(m_ui->tokenLineEdit, shown);
        m_ui->revealToolButton->setText(shown ? tr("Hide") : tr("Show"));
    });
    connect(m_ui->copyTokenButton, &QPushButton::clicked, this, [this] {
        QString text = m_token.toUtf8String();
        m_clipboard.copySecret(text);
        m_feedback->copiedSecret(tr("Token"));
        SecretBytes::wipe(text);
    });
    connect(m_ui->copyHeaderButton, &QPushButton::clicked, this, [this] {
        QString text = QStringLiteral("Authorization: Bearer ") + m_token.toUtf8String();
        m_clipboard.copySecret(text);
        m_feedback->copiedSecret(tr("Authorization header"));
        SecretBytes::wipe(text);
    });
    connect(m_ui->copyCurlButton, &QPushButton::clicked, this, [this] {
        QString text = curlCommand();
        m_clipboard.copySecret(text);
        m_feedback->copiedSecret(tr("curl command"));
        SecretBytes::wipe(text);
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &TokenGeneratorDialog::tick);
    m_ui->generateButton->setEnabled(!m_sources.isEmpty());
    if (m_sources.isEmpty())
        showError(
            tr("No credential can be exchanged for a token yet: generate a key, or add an OAuth2 provider "
               "credential, and keep its secret in the keychain."));
    clearToken();
    probeSecrets(secrets);
}

void TokenGeneratorDialog::probeSecrets(SecretStore& secrets)
{
    constexpr int MaxProbed = 200; // a picker longer than that is searched, not read through
    QPointer<TokenGeneratorDialog> self(this);
    for (int i = 0; i < qMin(int(m_sources.size()), MaxProbed); ++i) {
        const qint64 id = m_sources.at(i).credential.id;
        secrets.probeSecret(m_sources.at(i).credential.keychainAccount(),
                            [self, i, id](SecretStore::Presence presence) {
                                if (!self || presence != SecretStore::Presence::Missing)
                                    return;
                                self->m_secretMissing.insert(id);
                                auto* box = self->m_ui->credentialComboBox;
                                box->setItemText(i, box->itemText(i) + QStringLiteral(" \u2014 ") +
                                                        SecretPresenceMarks::missingText());
                                box->setItemData(i, SecretPresenceMarks::missingAdvice(), Qt::ToolTipRole);
                                if (box->currentIndex() == i && self->m_token.isEmpty()) {
                                    self->showSecretMissing();
                                    self->setBusy(self->m_busy);
                                }
                            });
    }
}

bool TokenGeneratorDialog::currentSecretMissing() const
{
    const TokenSource* source = current();
    return source && m_secretMissing.contains(source->credential.id);
}

void TokenGeneratorDialog::showSecretMissing()
{
    if (currentSecretMissing())
        showError(SecretPresenceMarks::missingAdvice());
}

TokenGeneratorDialog::~TokenGeneratorDialog()
{
    clearToken();
}

void TokenGeneratorDialog::lockSecrets()
{
    m_ui->revealToolButton->setChecked(false);
    if (m_token.isEmpty())
        return;
    clearToken();
    setBusy(m_busy);
    showError(tr("Locked: the token was forgotten while you were away. Generate again."));
}

void TokenGeneratorDialog::selectCredential(qint64 credentialId)
{
    const int index = m_ui->credentialComboBox->findData(credentialId);
    if (index >= 0)
        m_ui->credentialComboBox->setCurrentIndex(index);
}

const TokenSource* TokenGeneratorDialog::current() const
{
    const int index = m_ui->credentialComboBox->currentIndex();
    return index >= 0 && index < m_sources.size() ? &m_sources.at(index) : nullptr;
}

QString TokenGeneratorDialog::curlCommand() const
{
    const TokenSource* source = current();
    const QString url = source ? source->provider.testUrl.toString(QUrl::FullyEncoded) : QString();
    return ShellQuote::command({QStringLiteral("curl"), QStringLiteral("-i"), QStringLiteral("-H"),
                                QStringLiteral("Authorization: Bearer ") + m_token.toUtf8String(), url});
}

void TokenGeneratorDialog::clearToken()
{
    m_ticker.stop();
    m_token.clear();
    const int length = m_ui->tokenLineEdit->text().size();
    m_ui->tokenLineEdit->setText(QString(length, QLatin1Char('x')));
    m_ui->tokenLineEdit->clear();
    m_countdown = TokenCountdown();
    m_autoRenewTried = false;
    m_ui->claimsPlainTextEdit->clear();
    m_ui->typeLabel->clear();
    m_ui->countdownLabel->clear();
    m_ui->countdownProgressBar->setValue(0);
    m_ui->testResultLabel->clear();
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_ui->renewButton, m_ui->copyTokenButton, m_ui->copyHeaderButton,
                                         m_ui->copyCurlButton, m_ui->testButton})
        w->setEnabled(false);
}

void TokenGeneratorDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_ui->generateButton->setEnabled(!busy && !m_sources.isEmpty() && !currentSecretMissing());
    m_ui->credentialComboBox->setEnabled(!busy);
    m_ui->renewButton->setEnabled(!busy && !m_token.isEmpty());
}

void TokenGeneratorDialog::showError(const QString& message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setStyleSheet(StatusColors::styleSheet(StatusColors::Tone::Problem, palette()));
    m_ui->errorLabel->setVisible(!message.isEmpty());
    if (!message.isEmpty())
        emit failed(message);
}

void TokenGeneratorDialog::generate()
{
    const TokenSource* source = current();
    if (!source || m_busy)
        return;
    const bool renewal = !m_token.isEmpty();
    setBusy(true);
    showError(QString());
    const TokenSource chosen = *source;
    QPointer<TokenGeneratorDialog> self(this);
    // Client credentials have no refresh token (RFC 6749 §4.4.3): renewing is asking again with the secret.
    m_requestToken->run(CredentialTarget{chosen.credential, chosen.connection, chosen.provider},
                        [self, renewal](Expected<AccessToken> token) {
                            if (!self)
                                return;
                            self->setBusy(false);
                            self->m_renewing = false;
                            if (!token) {
                                return self->showError(
                                    renewal ? tr("Renewal failed: %1").arg(token.error().message())
                                            : token.error().message());
                            }
                            self->m_token = token.value().token;
                            self->m_countdown = TokenCountdown(self->m_clock, token.value().expiresInSeconds);
                            self->m_autoRenewTried = false;
                            self->showToken();
                            emit self->tokenReceived(renewal);
                        });
}

void TokenGeneratorDialog::showToken()
{
    {
        QString text = m_token.toUtf8String();
        m_ui->tokenLineEdit->setText(text);
        SecretBytes::wipe(text);
    }
    m_ui->typeLabel->setText(m_countdown.state() == TokenCountdown::State::Unknown
                                 ? tr("Bearer token; the provider did not say when it expires")
                                 : tr("Bearer token"));
    auto decoded = JwtDecoder::decode(m_token.toByteArray());
    m_ui->claimsPlainTextEdit->setPlainText(
        decoded ? describeClaims(decoded.value().first, decoded.value().second)
                : tr("Not a JWT: an opaque token."));
    for (QWidget* w : std::initializer_list<QWidget*>{m_ui->renewButton, m_ui->copyTokenButton,
                                                      m_ui->copyHeaderButton, m_ui->copyCurlButton})
        w->setEnabled(true);
    const TokenSource* source = current();
    m_ui->testButton->setEnabled(source && source->provider.testUrl.isValid());
    m_ui->testResultLabel->clear();
    m_ticker.start();
    tick();
}

void TokenGeneratorDialog::tick()
{
    if (m_token.isEmpty())
        return;
    m_ui->countdownLabel->setText(m_countdown.text());
    m_ui->countdownProgressBar->setValue(int(m_countdown.fractionLeft() * 1000));
    QString colour;
    switch (m_countdown.state()) {
    case TokenCountdown::State::Warning:
        colour = StatusColors::forWindow(StatusColors::Tone::Warning, palette()).name();
        break;
    case TokenCountdown::State::Expired:
        colour = StatusColors::forWindow(StatusColors::Tone::Problem, palette()).name();
        break;
    default:
        break;
    }
    m_ui->countdownLabel->setStyleSheet(
        colour.isEmpty() ? QString() : QStringLiteral("color: %1; font-weight: bold;").arg(colour));
    m_ui->countdownProgressBar->setStyleSheet(
        colour.isEmpty() ? QString() : QStringLiteral("QProgressBar::chunk { background: %1; }").arg(colour));
    if (m_ui->autoRenewCheckBox->isChecked() && m_countdown.shouldRenew() && !m_autoRenewTried && !m_busy) {
        m_autoRenewTried = true; // one attempt per token; a failure stays on screen
        m_renewing = true;
        generate();
    }
}

void TokenGeneratorDialog::testToken()
{
    const TokenSource* source = current();
    if (!source || m_token.isEmpty())
        return;
    m_ui->testButton->setEnabled(false);
    m_ui->testResultLabel->setText(tr("Testing\u2026"));
    QPointer<TokenGeneratorDialog> self(this);
    m_testToken->run(
        source->credential, source->provider, m_token, m_countdown.secondsLeft() == 0,
        [self](const TestResult& result) {
            if (!self)
                return;
            self->m_ui->testButton->setEnabled(true);
            self->m_ui->testResultLabel->setText(result.summary + QLatin1Char('\n') + result.explanation);
            self->m_ui->testResultLabel->setStyleSheet(StatusColors::styleSheet(
                result.passed ? StatusColors::Tone::Good : StatusColors::Tone::Problem, self->palette()));
            emit self->tested(result.passed);
        });
}
