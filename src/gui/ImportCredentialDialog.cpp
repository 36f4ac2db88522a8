#include "ImportCredentialDialog.h"

#include "IssuerDiscovery.h"
#include "PlainTextLabels.h"
#include "ScreenFit.h"
#include "SecretFieldGuard.h"
#include "StatusColors.h"
#include "UserQuestions.h"
#include "core/KeyNameValidator.h"
#include "storage/InventoryStore.h"
#include "ui_ImportCredentialDialog.h"
#include "usecases/ClientKey.h"
#include "usecases/EditProviderCredential.h"
#include "usecases/ImportCredential.h"

#include <QFile>
#include <QHostAddress>
#include <QLayout>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QToolButton>

namespace {

// The extra headers as the form shows them, one "Name: value" a line (what collectConnection() reads back).
QString headerLines(const ProviderSettings& p)
{
    QStringList lines;
    for (const auto& [name, value] : p.extraHeaders)
        lines << name + QStringLiteral(": ") + value;
    return lines.join(QLatin1Char('\n'));
}

} // namespace

ImportCredentialDialog::ImportCredentialDialog(InventoryStore& store, SecretStore& secrets, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ImportCredentialDialog>()),
      m_import(new ImportCredential(store, secrets, this)),
      m_edit(new EditProviderCredential(store, secrets, this))
{
    m_ui->setupUi(this);
    PlainTextLabels::apply(this);
    m_saveButton = m_ui->buttonBox->addButton(tr("Save"), QDialogButtonBox::AcceptRole);
    m_saveButton->setDefault(true); // Return saves; no letter of its own, the fields need them all
    disconnect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] { m_editing ? saveEdit() : save(); });

    m_ui->presetComboBox->addItems({tr("Custom"), tr("OAuth2, JSON body + version header (Monite style)"),
                                    tr("OAuth2, HTTP Basic as curl -u + JSON body (m3ter style)"),
                                    tr("API key, X-API-Key health check (Equipme style)")});
    m_ui->kindComboBox->addItem(tr("OAuth2 client credentials"), int(Connection::Kind::OAuth2Provider));
    m_ui->kindComboBox->addItem(tr("API key"), int(Connection::Kind::ApiKeyProvider));
    using Auth = ProviderSettings::ClientAuth;
    for (Auth auth :
         {Auth::HttpBasic, Auth::HttpBasicRaw, Auth::FormPost, Auth::JsonBody, Auth::PrivateKeyJwt})
        m_ui->clientAuthComboBox->addItem(ProviderSettings::clientAuthDisplayName(auth), int(auth));
    m_ui->clientAuthComboBox->setToolTip(tr(
        "RFC 6749 form-encodes the id and secret before Basic encodes them; curl -u and some vendors do not. "
        "They differ only for ids or secrets with characters such as + / = % &."));
    connect(m_ui->clientAuthComboBox, &QComboBox::currentIndexChanged, this, [this] {
        m_ui->jsonBodyCheckBox->setEnabled(
            ProviderSettings::isBasic(Auth(m_ui->clientAuthComboBox->currentData().toInt())));
        updateKind();
    });
    m_ui->keySourceComboBox->addItem(tr("Generate a new key pair here (ES256)"),
                                     int(ClientAssertion::Algorithm::ES256));
    m_ui->keySourceComboBox->addItem(tr("Generate a new key pair here (RS256)"),
                                     int(ClientAssertion::Algorithm::RS256));
    m_ui->keySourceComboBox->addItem(tr("Use an existing private key (PEM)"), -1);
    m_ui->keySourceComboBox->setToolTip(
        tr("A key made here never leaves the OS keychain: you give the vendor its public key."));
    connect(m_ui->keySourceComboBox, &QComboBox::currentIndexChanged, this,
            &ImportCredentialDialog::updateKind);
    connect(m_ui->loadKeyButton, &QPushButton::clicked, this, &ImportCredentialDialog::loadKeyFile);
    m_ui->testHeaderComboBox->addItem(QStringLiteral("X-API-Key: \u2026"),
                                      int(ProviderSettings::HeaderStyle::XApiKey));
    m_ui->testHeaderComboBox->addItem(QStringLiteral("Authorization: Bearer \u2026"),
                                      int(ProviderSettings::HeaderStyle::Bearer));
    connect(m_ui->testHeaderComboBox, &QComboBox::activated, this, [this] { m_testHeaderChosen = true; });
    m_ui->expiryDateEdit->setDate(QDate::currentDate().addDays(90));
    connect(m_ui->expiresCheckBox, &QCheckBox::toggled, m_ui->expiryDateEdit, &QWidget::setEnabled);
    connect(m_ui->presetComboBox, &QComboBox::currentIndexChanged, this,
            &ImportCredentialDialog::applyPreset);
    connect(m_ui->kindComboBox, &QComboBox::currentIndexChanged, this, &ImportCredentialDialog::updateKind);
    m_discovery = new IssuerDiscovery(*m_ui, this);
    connect(m_discovery, &IssuerDiscovery::grew, this, [this] { fitToContent(true); });
    // A secret pasted blind is easy to get wrong: shown while the button is down, hidden by default.
    SecretFieldGuard::install(m_ui->secretLineEdit); // shown, it is not selected, copied or cut
    SecretFieldGuard::install(m_ui->passphraseLineEdit);
    connect(m_ui->showSecretButton, &QToolButton::toggled, this,
            [this](bool shown) { SecretFieldGuard::reveal(m_ui->secretLineEdit, shown); });
    // A pasted private key is taken off the screen at once, as a loaded one is never put there; no undo
    // history may bring it back.
    m_ui->keyPemPlainTextEdit->setUndoRedoEnabled(false);
    connect(m_ui->keyPemPlainTextEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (m_ui->keyPemPlainTextEdit->toPlainText().contains(QLatin1String("-----END ")))
            hidePastedKey();
    });
    // A problem that was pointed out goes away as soon as the form changes.
    for (QLineEdit* edit : findChildren<QLineEdit*>())
        connect(edit, &QLineEdit::textEdited, m_ui->errorLabel, &QLabel::clear);
    updateKind();
}

void ImportCredentialDialog::enableDiscovery(QNetworkAccessManager* network, int deadlineMs)
{
    m_discovery->enable(network, deadlineMs);
}

ImportCredentialDialog::~ImportCredentialDialog()
{
    m_ui->secretLineEdit->setText(QString(m_ui->secretLineEdit->text().size(), QLatin1Char('x')));
    m_ui->passphraseLineEdit->setText(QString(m_ui->passphraseLineEdit->text().size(), QLatin1Char('x')));
    m_ui->keyPemPlainTextEdit->setPlainText(
        QString(m_ui->keyPemPlainTextEdit->toPlainText().size(), QLatin1Char('x')));
}

void ImportCredentialDialog::editExisting(const Connection& connection, const Credential& credential,
                                          bool focusSecret)
{
    m_editing = std::make_pair(connection, credential);
    setWindowTitle(tr("Edit Provider Credential"));
    m_ui->topForm->setRowVisible(m_ui->presetComboBox, false);
    m_ui->kindComboBox->setCurrentIndex(m_ui->kindComboBox->findData(int(connection.kind)));
    m_ui->kindComboBox->setEnabled(false);
    m_ui->connectionNameLineEdit->setText(connection.name);
    m_ui->connectionNameLineEdit->setReadOnly(true);
    fillProvider(connection.provider);
    m_ui->nameLineEdit->setText(credential.name);
    m_ui->nameLineEdit->setReadOnly(true);
    m_ui->clientIdLineEdit->setText(credential.keyId);
    m_ui->clientIdLineEdit->setReadOnly(true);
    m_ui->secretLineEdit->setPlaceholderText(tr("Leave empty to keep the current secret"));
    m_ui->keySourceComboBox->insertItem(0, tr("Keep the current key"), -2);
    m_ui->keySourceComboBox->setCurrentIndex(0);
    m_ui->expiresCheckBox->setChecked(credential.expiresAt.isValid());
    if (credential.expiresAt.isValid())
        m_ui->expiryDateEdit->setDate(credential.expiresAt.date());
    updateKind();
    if (focusSecret)
        (signsWithKey() ? static_cast<QWidget*>(m_ui->keySourceComboBox) : m_ui->secretLineEdit)->setFocus();
}

void ImportCredentialDialog::fillProvider(const ProviderSettings& p)
{
    m_ui->tokenUrlLineEdit->setText(p.tokenUrl.toString());
    m_discovery->remember(p); // its issuer stays while the token URL does
    m_ui->clientAuthComboBox->setCurrentIndex(m_ui->clientAuthComboBox->findData(int(p.clientAuth)));
    m_ui->jsonBodyCheckBox->setChecked(p.bodyFormat == ProviderSettings::BodyFormat::Json);
    m_ui->headersPlainTextEdit->setPlainText(headerLines(p));
    m_ui->scopeLineEdit->setText(p.scope);
    m_ui->audienceLineEdit->setText(p.audience);
    m_ui->assertionAudienceLineEdit->setText(p.assertionAudience);
    m_ui->testUrlLineEdit->setText(p.testUrl.toString());
    m_ui->testHeaderComboBox->setCurrentIndex(m_ui->testHeaderComboBox->findData(int(p.testHeader)));
    m_testHeaderChosen = true; // as the credential has it
    m_ui->expectedStatusSpinBox->setValue(p.expectedStatus);
}

void ImportCredentialDialog::applyPreset(int index)
{
    if (index <= 0)
        return;
    using P = ProviderSettings::Preset;
    const P preset = index == 1   ? P::JsonBodyWithVersionHeader
                     : index == 2 ? P::BasicAuthToken
                                  : P::ApiKeyHealthCheck;
    const ProviderSettings s = ProviderSettings::preset(preset);
    m_ui->kindComboBox->setCurrentIndex(preset == P::ApiKeyHealthCheck ? 1 : 0);
    m_ui->clientAuthComboBox->setCurrentIndex(m_ui->clientAuthComboBox->findData(int(s.clientAuth)));
    m_ui->jsonBodyCheckBox->setChecked(s.bodyFormat == ProviderSettings::BodyFormat::Json);
    m_ui->headersPlainTextEdit->setPlainText(headerLines(s));
    m_ui->testHeaderComboBox->setCurrentIndex(m_ui->testHeaderComboBox->findData(int(s.testHeader)));
    m_testHeaderChosen = true; // as the preset has it
    m_ui->expectedStatusSpinBox->setValue(s.expectedStatus);
}

bool ImportCredentialDialog::signsWithKey() const
{
    return m_ui->kindComboBox->currentData().toInt() == int(Connection::Kind::OAuth2Provider) &&
           m_ui->clientAuthComboBox->currentData().toInt() ==
               int(ProviderSettings::ClientAuth::PrivateKeyJwt);
}

void ImportCredentialDialog::updateKind()
{
    const bool oauth = m_ui->kindComboBox->currentData().toInt() == int(Connection::Kind::OAuth2Provider);
    const bool signing = signsWithKey();
    const bool existingKey = signing && m_ui->keySourceComboBox->currentData().toInt() == -1;
    m_ui->tokenGroupBox->setVisible(oauth);
    if (!m_testHeaderChosen) // an OAuth2 client's test call carries its token as Bearer; an API key its key
        m_ui->testHeaderComboBox->setCurrentIndex(m_ui->testHeaderComboBox->findData(
            int(oauth ? ProviderSettings::HeaderStyle::Bearer : ProviderSettings::HeaderStyle::XApiKey)));
    m_ui->clientIdLabel->setText(oauth ? tr("C&lient ID") : tr("Key &ID (optional)"));
    m_ui->tokenForm->setRowVisible(m_ui->assertionAudienceLineEdit, signing);
    m_ui->credentialForm->setRowVisible(m_ui->secretLayout, !signing);
    m_ui->credentialForm->setRowVisible(m_ui->keySourceComboBox, signing);
    m_ui->credentialForm->setRowVisible(m_ui->keyPemLayout, existingKey);
    m_ui->credentialForm->setRowVisible(m_ui->passphraseLineEdit, existingKey);
    m_ui->credentialGroupBox->setTitle(signing ? tr("Credential (the client ID from the vendor's dashboard)")
                                               : tr("Credential (pasted from the vendor's dashboard)"));
    // Fewer rows (an API key has no token endpoint): no blank gap where they were.
    fitToContent(false);
}

void ImportCredentialDialog::fitToContent(bool onlyGrow)
{
    ScreenFit::fitScrolledForm(this, m_ui->formScrollArea, onlyGrow);
}

void ImportCredentialDialog::lockSecrets()
{
    m_ui->showSecretButton->setChecked(false);
    if (!m_ui->keyPemPlainTextEdit->toPlainText().isEmpty())
        hidePastedKey(); // even half a key is not left on the screen
}

void ImportCredentialDialog::hidePastedKey()
{
    QString pasted = m_ui->keyPemPlainTextEdit->toPlainText();
    m_loadedKey = SecretBytes::fromUtf8(pasted);
    SecretBytes::wipe(pasted);
    const QSignalBlocker quiet(m_ui->keyPemPlainTextEdit);
    m_ui->keyPemPlainTextEdit->clear();
    m_ui->keyPemPlainTextEdit->setPlaceholderText(
        tr("A pasted private key (not shown). Paste again to replace it."));
}

void ImportCredentialDialog::loadKeyFile()
{
    const QString path = UserQuestions::current().openFileName(this, tr("Load a Private Key"),
                                                               tr("PEM keys (*.pem *.key);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return showError(tr("Cannot read %1: %2").arg(path, file.errorString()));
    QByteArray pem = file.read(ClientKey::MaxPemBytes + 1);
    m_loadedKey = SecretBytes(pem); // kept off the screen (screen shares) and out of the clipboard
    SecretBytes::wipe(pem);
    m_ui->keyPemPlainTextEdit->clear();
    m_ui->keyPemPlainTextEdit->setPlaceholderText(
        tr("Loaded from %1 (not shown). Paste a key here to use that one instead.").arg(path));
}

Expected<SecretBytes> ImportCredentialDialog::collectSecret() const
{
    if (!signsWithKey())
        return SecretBytes::fromUtf8(m_ui->secretLineEdit->text());
    ClientKey::Source source;
    const int chosen = m_ui->keySourceComboBox->currentData().toInt();
    if (chosen == -2) // editing: the key in the keychain stays
        return SecretBytes();
    source.generate = chosen >= 0;
    if (source.generate)
        source.algorithm = ClientAssertion::Algorithm(chosen);
    QString typed = m_ui->keyPemPlainTextEdit->toPlainText(); // not yet a whole key, or typed by hand
    source.pem = typed.isEmpty() ? m_loadedKey : SecretBytes::fromUtf8(typed);
    SecretBytes::wipe(typed);
    source.passphrase = SecretBytes::fromUtf8(m_ui->passphraseLineEdit->text());
    if (!source.generate && ClientKey::isEncrypted(source.pem) && source.passphrase.isEmpty())
        return Error(Error::Kind::InvalidInput, tr("This private key is encrypted: enter its passphrase."));
    return ClientKey::make(source);
}

void ImportCredentialDialog::showError(const QString& message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setStyleSheet(StatusColors::styleSheet(StatusColors::Tone::Problem, palette()));
    m_ui->errorLabel->setVisible(true);
}

Expected<Connection> ImportCredentialDialog::collectConnection() const
{
    Connection c;
    c.name = m_ui->connectionNameLineEdit->text().trimmed();
    c.kind = Connection::Kind(m_ui->kindComboBox->currentData().toInt());
    ProviderSettings& p = c.provider;
    if (c.kind == Connection::Kind::OAuth2Provider) {
        p.tokenUrl = QUrl(m_ui->tokenUrlLineEdit->text().trimmed());
        m_discovery->applyTo(p);
        p.clientAuth = ProviderSettings::ClientAuth(m_ui->clientAuthComboBox->currentData().toInt());
        p.bodyFormat = m_ui->jsonBodyCheckBox->isChecked() ? ProviderSettings::BodyFormat::Json
                                                           : ProviderSettings::BodyFormat::Form;
        for (const QString& line :
             m_ui->headersPlainTextEdit->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            auto header = ProviderSettings::parseHeader(line);
            if (!header)
                return header.error();
            p.extraHeaders << header.value();
        }
        p.scope = m_ui->scopeLineEdit->text().trimmed();
        p.audience = m_ui->audienceLineEdit->text().trimmed();
        if (p.clientAuth == ProviderSettings::ClientAuth::PrivateKeyJwt)
            p.assertionAudience = m_ui->assertionAudienceLineEdit->text().trimmed();
    }
    const QString testUrl = m_ui->testUrlLineEdit->text().trimmed();
    if (!testUrl.isEmpty())
        p.testUrl = QUrl(testUrl);
    p.testHeader = ProviderSettings::HeaderStyle(m_ui->testHeaderComboBox->currentData().toInt());
    p.expectedStatus = m_ui->expectedStatusSpinBox->value();
    return c;
}

bool ImportCredentialDialog::pointToFirstMissing()
{
    // In the order the form reads, so the message names the field the eye is on, and focus goes there.
    const bool oauth = m_ui->kindComboBox->currentData().toInt() == int(Connection::Kind::OAuth2Provider);
    const auto empty = [](const QLineEdit* edit) {
        return edit->text().trimmed().isEmpty();
    };
    const std::initializer_list<std::pair<QLineEdit*, QString>> fields{
        {empty(m_ui->connectionNameLineEdit) ? m_ui->connectionNameLineEdit : nullptr,
         tr("Give the connection a name, for example the vendor's.")},
        {oauth && empty(m_ui->tokenUrlLineEdit) ? m_ui->tokenUrlLineEdit : nullptr,
         tr("Enter the token URL (or an issuer URL, then Discover).")},
        {!oauth && empty(m_ui->testUrlLineEdit) ? m_ui->testUrlLineEdit : nullptr,
         tr("An API-key credential needs a test URL, such as the vendor's health endpoint.")},
        {oauth && empty(m_ui->clientIdLineEdit) ? m_ui->clientIdLineEdit : nullptr,
         tr("Paste the client ID.")},
        {!signsWithKey() && m_ui->secretLineEdit->text().isEmpty() ? m_ui->secretLineEdit : nullptr,
         tr("Paste the secret; it goes to the OS keychain, never to disk.")},
        {empty(m_ui->nameLineEdit) ? m_ui->nameLineEdit : nullptr,
         KeyNameValidator::validate(QString()).message},
    };
    for (const auto& [field, message] : fields) {
        if (!field)
            continue;
        showError(message);
        m_ui->formScrollArea->ensureWidgetVisible(field);
        field->setFocus(Qt::OtherFocusReason);
        return true;
    }
    return false;
}

void ImportCredentialDialog::save()
{
    if (pointToFirstMissing())
        return;
    auto connection = collectConnection();
    if (!connection)
        return showError(connection.error().message());
    auto secret = collectSecret();
    if (!secret)
        return showError(secret.error().message());
    ImportCredential::Request request{connection.value(), m_ui->clientIdLineEdit->text().trimmed(),
                                      m_ui->nameLineEdit->text(), std::move(secret).value(), QDateTime()};
    if (m_ui->expiresCheckBox->isChecked())
        request.expiresAt = QDateTime(m_ui->expiryDateEdit->date(), QTime(0, 0), Qt::UTC);
    if (request.name.trimmed().isEmpty())
        return showError(KeyNameValidator::validate(request.name).message);
    if (auto checked = ImportCredential::check(request); !checked)
        return showError(checked.error().message());
    m_saveButton->setEnabled(false);
    QPointer<ImportCredentialDialog> self(this);
    m_import->run(std::move(request), [self, signing = signsWithKey()](Expected<Credential> saved) {
        if (!self)
            return;
        self->m_saveButton->setEnabled(true);
        if (!saved)
            return self->showError(saved.error().message());
        self->m_savedId = saved.value().id;
        self->m_savedSignsWithKey = signing; // as asked when saving, not as the form reads now
        self->accept();
    });
}

void ImportCredentialDialog::saveEdit()
{
    auto collected = collectConnection();
    if (!collected)
        return showError(collected.error().message());
    auto secret = collectSecret();
    if (!secret)
        return showError(secret.error().message());
    EditProviderCredential::Request request{m_editing->first, collected.value().provider, m_editing->second,
                                            std::move(secret).value()};
    request.credential.expiresAt = m_ui->expiresCheckBox->isChecked()
                                       ? QDateTime(m_ui->expiryDateEdit->date(), QTime(0, 0), Qt::UTC)
                                       : QDateTime();
    if (auto checked = EditProviderCredential::check(request); !checked)
        return showError(checked.error().message());
    m_saveButton->setEnabled(false);
    QPointer<ImportCredentialDialog> self(this);
    m_edit->run(std::move(request), [self](Expected<Credential> saved) {
        if (!self)
            return;
        self->m_saveButton->setEnabled(true);
        if (!saved)
            return self->showError(saved.error().message());
        self->m_savedId = saved.value().id;
        self->m_savedSignsWithKey = false; // its public key is shown on request (Keys → Public Key)
        self->accept();
    });
}
