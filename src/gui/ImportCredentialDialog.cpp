#include "ImportCredentialDialog.h"

#include "PlainTextLabels.h"
#include "core/KeyNameValidator.h"
#include "storage/InventoryStore.h"
#include "ui_ImportCredentialDialog.h"
#include "usecases/ImportCredential.h"

#include <QHostAddress>
#include <QPointer>
#include <QPushButton>

ImportCredentialDialog::ImportCredentialDialog(InventoryStore& store, SecretStore& secrets, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ImportCredentialDialog>()),
      m_import(new ImportCredential(store, secrets, this))
{
    m_ui->setupUi(this);
    PlainTextLabels::apply(this);
    m_saveButton = m_ui->buttonBox->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    disconnect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ImportCredentialDialog::save);

    m_ui->presetComboBox->addItems({tr("Custom"), tr("OAuth2, JSON body + version header (Monite style)"),
                                    tr("OAuth2, HTTP Basic as curl -u + JSON body (m3ter style)"),
                                    tr("API key, X-API-Key health check (Equipme style)")});
    m_ui->kindComboBox->addItem(tr("OAuth2 client credentials"), int(Connection::Kind::OAuth2Provider));
    m_ui->kindComboBox->addItem(tr("API key"), int(Connection::Kind::ApiKeyProvider));
    using Auth = ProviderSettings::ClientAuth;
    for (Auth auth : {Auth::HttpBasic, Auth::HttpBasicRaw, Auth::FormPost, Auth::JsonBody})
        m_ui->clientAuthComboBox->addItem(ProviderSettings::clientAuthDisplayName(auth), int(auth));
    m_ui->clientAuthComboBox->setToolTip(tr(
        "RFC 6749 form-encodes the id and secret before Basic encodes them; curl -u and some vendors do not. "
        "They differ only for ids or secrets with characters such as + / = % &."));
    connect(m_ui->clientAuthComboBox, &QComboBox::currentIndexChanged, this, [this] {
        m_ui->jsonBodyCheckBox->setEnabled(
            ProviderSettings::isBasic(Auth(m_ui->clientAuthComboBox->currentData().toInt())));
    });
    m_ui->testHeaderComboBox->addItem(QStringLiteral("X-API-Key: \u2026"),
                                      int(ProviderSettings::HeaderStyle::XApiKey));
    m_ui->testHeaderComboBox->addItem(QStringLiteral("Authorization: Bearer \u2026"),
                                      int(ProviderSettings::HeaderStyle::Bearer));
    m_ui->expiryDateEdit->setDate(QDate::currentDate().addDays(90));
    connect(m_ui->expiresCheckBox, &QCheckBox::toggled, m_ui->expiryDateEdit, &QWidget::setEnabled);
    connect(m_ui->presetComboBox, &QComboBox::currentIndexChanged, this,
            &ImportCredentialDialog::applyPreset);
    connect(m_ui->kindComboBox, &QComboBox::currentIndexChanged, this, &ImportCredentialDialog::updateKind);
    updateKind();
}

ImportCredentialDialog::~ImportCredentialDialog()
{
    m_ui->secretLineEdit->setText(QString(m_ui->secretLineEdit->text().size(), QLatin1Char('x')));
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
    QStringList headers;
    for (const auto& [name, value] : s.extraHeaders)
        headers << name + QStringLiteral(": ") + value;
    m_ui->headersPlainTextEdit->setPlainText(headers.join(QLatin1Char('\n')));
    m_ui->testHeaderComboBox->setCurrentIndex(m_ui->testHeaderComboBox->findData(int(s.testHeader)));
    m_ui->expectedStatusSpinBox->setValue(s.expectedStatus);
}

void ImportCredentialDialog::updateKind()
{
    const bool oauth = m_ui->kindComboBox->currentData().toInt() == int(Connection::Kind::OAuth2Provider);
    m_ui->tokenGroupBox->setVisible(oauth);
    m_ui->clientIdLabel->setText(oauth ? tr("Client &ID") : tr("Key &ID (optional)"));
}

void ImportCredentialDialog::showError(const QString& message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setStyleSheet(QStringLiteral("color: #b3261e;"));
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
    }
    const QString testUrl = m_ui->testUrlLineEdit->text().trimmed();
    if (!testUrl.isEmpty())
        p.testUrl = QUrl(testUrl);
    p.testHeader = ProviderSettings::HeaderStyle(m_ui->testHeaderComboBox->currentData().toInt());
    p.expectedStatus = m_ui->expectedStatusSpinBox->value();
    return c;
}

void ImportCredentialDialog::save()
{
    auto connection = collectConnection();
    if (!connection)
        return showError(connection.error().message());
    ImportCredential::Request request{connection.value(), m_ui->clientIdLineEdit->text().trimmed(),
                                      m_ui->nameLineEdit->text(),
                                      SecretBytes::fromUtf8(m_ui->secretLineEdit->text()), QDateTime()};
    if (m_ui->expiresCheckBox->isChecked())
        request.expiresAt = QDateTime(m_ui->expiryDateEdit->date(), QTime(0, 0), Qt::UTC);
    if (request.name.trimmed().isEmpty())
        return showError(KeyNameValidator::validate(request.name).message);
    if (auto checked = ImportCredential::check(request); !checked)
        return showError(checked.error().message());
    m_saveButton->setEnabled(false);
    QPointer<ImportCredentialDialog> self(this);
    m_import->run(std::move(request), [self](Expected<Credential> saved) {
        if (!self)
            return;
        self->m_saveButton->setEnabled(true);
        if (!saved)
            return self->showError(saved.error().message());
        self->m_savedId = saved.value().id;
        self->accept();
    });
}
