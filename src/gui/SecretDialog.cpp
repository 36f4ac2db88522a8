#include "SecretDialog.h"

#include "Clipboard.h"
#include "CopyFeedback.h"
#include "PlainTextLabels.h"
#include "SecretFieldGuard.h"
#include "core/KeychainNames.h"
#include "core/SecretStore.h"
#include "ui_SecretDialog.h"

#include <QPointer>
#include <QPushButton>

SecretDialog::SecretDialog(QString keyId, SecretBytes secret, QString keychainAccount, SecretStore* store,
                           Clipboard& clipboard, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::SecretDialog>()), m_secret(std::move(secret)),
      m_account(std::move(keychainAccount)), m_store(store), m_clipboard(clipboard),
      m_feedback(new CopyFeedback(clipboard, this))
{
    m_ui->setupUi(this);
    m_ui->feedbackLayout->addWidget(m_feedback);
    PlainTextLabels::apply(this);
    m_ui->keyIdLineEdit->setText(keyId);
    {
        QString text = m_secret.toUtf8String();
        m_ui->secretLineEdit->setText(text);
        SecretBytes::wipe(text);
    }
    SecretFieldGuard::install(m_ui->secretLineEdit, [this] { copySecret(); });
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_ui->keyIdLineEdit->setFont(mono);
    m_ui->projectIdLineEdit->setFont(mono);
    m_ui->secretLineEdit->setFont(mono);
    showProject({}, {});
    if (!m_store) {
        m_ui->keepInKeychainCheckBox->setChecked(false);
        m_ui->keepInKeychainCheckBox->setEnabled(false);
        m_ui->keepInKeychainCheckBox->setText(tr("Keep in the OS keychain (no keychain is available)"));
    }
    connect(m_ui->revealToolButton, &QToolButton::toggled, this, [this](bool shown) {
        SecretFieldGuard::reveal(m_ui->secretLineEdit, shown);
        m_ui->revealToolButton->setText(shown ? tr("Hide") : tr("Show"));
    });
    connect(m_ui->copyKeyIdButton, &QPushButton::clicked, this, [this] {
        m_clipboard.copyText(m_ui->keyIdLineEdit->text());
        m_feedback->copiedText(tr("Key ID"));
    });
    connect(m_ui->copyProjectIdButton, &QPushButton::clicked, this, [this] {
        m_clipboard.copyText(m_ui->projectIdLineEdit->text());
        m_feedback->copiedText(tr("Project ID"));
    });
    connect(m_ui->copySecretButton, &QPushButton::clicked, this, &SecretDialog::copySecret);
    connect(m_ui->storedCheckBox, &QCheckBox::toggled, this, &SecretDialog::updateCloseButton);
    disconnect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SecretDialog::tryClose);
    // Return must never press a Copy button by accident; once the secret is confirmed stored it closes.
    for (QPushButton* copy : {m_ui->copyKeyIdButton, m_ui->copyProjectIdButton, m_ui->copySecretButton})
        copy->setAutoDefault(false);
    m_ui->copySecretButton->setFocus(); // the first thing to do: copy the secret
    updateCloseButton();
}

void SecretDialog::showProject(const QString& projectId, const QString& projectName)
{
    m_ui->projectIdLineEdit->setText(projectId);
    m_ui->projectIdLineEdit->setToolTip(projectName);
    for (QWidget* w : std::initializer_list<QWidget*>{m_ui->projectIdLabel, m_ui->projectIdLineEdit,
                                                      m_ui->copyProjectIdButton})
        w->setVisible(!projectId.isEmpty());
}

void SecretDialog::nameKey(const QString& name, const QString& replacesName)
{
    m_keyName = name;
    m_ui->keyNameLabel->setText(
        replacesName.isEmpty()
            ? tr("The secret of \u201C%1\u201D.").arg(name)
            : tr("The secret of \u201C%1\u201D, which replaces \u201C%2\u201D.").arg(name, replacesName));
    m_ui->keyNameLabel->setVisible(!name.isEmpty());
    setWindowTitle(replacesName.isEmpty() ? tr("Your new API key: %1").arg(name)
                                          : tr("Rotated key: %1").arg(name));
}

void SecretDialog::lockSecrets()
{
    m_ui->revealToolButton->setChecked(false);
    m_ui->secretLineEdit->setEchoMode(QLineEdit::Password);
}

void SecretDialog::copySecret()
{
    QString text = m_secret.toUtf8String();
    m_clipboard.copySecret(text);
    m_feedback->copiedSecret(tr("Secret"));
    SecretBytes::wipe(text);
}

SecretDialog::~SecretDialog()
{
    wipe();
}

QPushButton* SecretDialog::closeButton() const
{
    return m_ui->buttonBox->button(QDialogButtonBox::Close);
}

void SecretDialog::updateCloseButton()
{
    const bool closable = m_ui->storedCheckBox->isChecked() && !m_saving;
    closeButton()->setEnabled(closable);
    closeButton()->setDefault(closable);
}

void SecretDialog::showError(const QString& message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setStyleSheet(QStringLiteral(
        "color: palette(highlighted-text); background: #b3261e; padding: 6px; border-radius: 4px;"));
    m_ui->errorLabel->setVisible(true);
}

void SecretDialog::tryClose()
{
    if (!m_ui->storedCheckBox->isChecked() || m_saving)
        return;
    if (!m_ui->keepInKeychainCheckBox->isChecked() || m_storedInKeychain) {
        m_closing = true;
        accept();
        return;
    }
    m_saving = true;
    updateCloseButton();
    QPointer<SecretDialog> self(this);
    m_store->writeSecret(
        m_account, KeychainNames::label(m_keyName.isEmpty() ? m_account : m_keyName, m_connectionName),
        m_secret, [self](Expected<void> written) {
            if (!self)
                return;
            self->m_saving = false;
            if (!written) {
                // Stay open: the secret is still here to copy, and the user can untick the keychain option.
                self->showError(tr("The secret was not stored: %1").arg(written.error().message()));
                self->updateCloseButton();
                return;
            }
            self->m_storedInKeychain = true;
            self->m_closing = true;
            self->accept();
        });
}

void SecretDialog::done(int result)
{
    // Escape and the window's close button lead here too: they must not lose an unconfirmed secret.
    if (!m_closing) {
        tryClose();
        return;
    }
    wipe();
    QDialog::done(result);
}

void SecretDialog::wipe()
{
    m_secret.clear();
    // Overwrite the line edit's text before dropping it, so its buffer does not keep the secret around.
    const int length = m_ui->secretLineEdit->text().size();
    m_ui->secretLineEdit->setText(QString(length, QLatin1Char('x')));
    m_ui->secretLineEdit->clear();
}
