#include "PublicKeyDialog.h"

#include "Clipboard.h"
#include "PlainTextLabels.h"
#include "StatusColors.h"
#include "UserQuestions.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

PublicKeyDialog::PublicKeyDialog(const ClientAssertion::PublicKey& key, const QString& clientId,
                                 Clipboard& clipboard, QWidget* parent)
    : QDialog(parent), m_key(key), m_clientId(clientId), m_clipboard(clipboard),
      m_format(new QComboBox(this)), m_text(new QPlainTextEdit(this)), m_feedback(new QLabel(this))
{
    setWindowTitle(tr("Public Key of %1").arg(clientId));
    auto* intro = new QLabel(
        tr("Register this public key with the vendor for client \u201C%1\u201D, or give them a JWKS URL "
           "that serves it. KeyDesk signs each token request with the private key, which stays in the OS "
           "keychain and is never shown.")
            .arg(clientId),
        this);
    intro->setWordWrap(true);
    auto* kid = new QLabel(key.kid, this);
    kid->setObjectName(QStringLiteral("kidLabel"));
    kid->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_format->setObjectName(QStringLiteral("formatComboBox"));
    m_format->addItem(tr("JWKS (a key set, as most consoles ask)"), int(Format::Jwks));
    m_format->addItem(tr("JWK (this key alone)"), int(Format::Jwk));
    m_format->addItem(tr("PEM (SubjectPublicKeyInfo)"), int(Format::Pem));
    auto* form = new QFormLayout;
    form->addRow(tr("Key ID (kid):"), kid);
    form->addRow(tr("Algorithm:"), new QLabel(ClientAssertion::algorithmName(key.algorithm), this));
    auto* formatLabel = new QLabel(tr("&Format:"), this);
    formatLabel->setBuddy(m_format);
    form->addRow(formatLabel, m_format);
    m_text->setObjectName(QStringLiteral("publicKeyText"));
    m_text->setReadOnly(true);
    m_text->setTabChangesFocus(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setAccessibleName(tr("Public key"));
    m_text->setMinimumSize(560, 220);
    m_feedback->setObjectName(QStringLiteral("feedbackLabel"));
    m_feedback->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copyButton = buttons->addButton(tr("C&opy"), QDialogButtonBox::ActionRole);
    QPushButton* saveButton = buttons->addButton(tr("&Save As\u2026"), QDialogButtonBox::ActionRole);
    connect(copyButton, &QPushButton::clicked, this, &PublicKeyDialog::copy);
    connect(saveButton, &QPushButton::clicked, this, &PublicKeyDialog::saveAs);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_format, &QComboBox::currentIndexChanged, this, &PublicKeyDialog::showFormat);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_text);
    layout->addWidget(m_feedback);
    layout->addWidget(buttons);
    PlainTextLabels::apply(this); // a client id or a file path is text, never markup
    showFormat();
    copyButton->setFocus();
}

QString PublicKeyDialog::shownText() const
{
    return m_text->toPlainText();
}

void PublicKeyDialog::setFormat(Format format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

void PublicKeyDialog::showFormat()
{
    const auto format = Format(m_format->currentData().toInt());
    if (format == Format::Pem)
        m_text->setPlainText(QString::fromLatin1(m_key.pem));
    else
        m_text->setPlainText(
            QString::fromUtf8(QJsonDocument(format == Format::Jwk ? m_key.jwk : ClientAssertion::jwks(m_key))
                                  .toJson(QJsonDocument::Indented)));
    m_feedback->clear();
}

void PublicKeyDialog::copy()
{
    m_clipboard.copyText(shownText()); // public: no timer, no hint
    say(tr("Copied to the clipboard."));
}

void PublicKeyDialog::saveAs()
{
    const bool pem = Format(m_format->currentData().toInt()) == Format::Pem;
    const QString suggested = m_clientId + (pem ? QStringLiteral(".pub.pem") : QStringLiteral(".jwks.json"));
    const QString path =
        UserQuestions::current().saveFileName(this, tr("Save the Public Key"), suggested,
                                              pem ? tr("PEM files (*.pem)") : tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(shownText().toUtf8()) < 0 || !file.commit())
        return say(tr("Could not save %1: %2").arg(path, file.errorString()), true);
    say(tr("Saved to %1.").arg(path));
}

void PublicKeyDialog::say(const QString& message, bool problem)
{
    m_feedback->setText(message);
    m_feedback->setStyleSheet(problem ? StatusColors::styleSheet(StatusColors::Tone::Problem, palette())
                                      : QString());
}
