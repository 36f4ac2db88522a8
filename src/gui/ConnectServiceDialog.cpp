#include "ConnectServiceDialog.h"

#include "net/ServiceClient.h"
#include "storage/SecretStore.h"
#include "storage/Settings.h"
#include "ui_ConnectServiceDialog.h"

#include <QHostAddress>
#include <QPointer>
#include <QPushButton>

ConnectServiceDialog::ConnectServiceDialog(QNetworkAccessManager* network, SecretStore& secrets,
                                           Settings& settings, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ConnectServiceDialog>()), m_network(network),
      m_secrets(secrets), m_settings(settings)
{
    m_ui->setupUi(this);
    m_connectButton = m_ui->buttonBox->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    disconnect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ConnectServiceDialog::tryConnect);
    m_ui->urlLineEdit->setText(m_settings.value(Settings::Key::RemoteServiceUrl).toString());
}

ConnectServiceDialog::~ConnectServiceDialog()
{
    m_ui->tokenLineEdit->setText(QString(m_ui->tokenLineEdit->text().size(), QLatin1Char('x')));
}

void ConnectServiceDialog::showError(const QString& message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_ui->errorLabel->setVisible(true);
}

void ConnectServiceDialog::setBusy(bool busy)
{
    m_connectButton->setEnabled(!busy);
    m_ui->urlLineEdit->setEnabled(!busy);
    m_ui->tokenLineEdit->setEnabled(!busy);
}

void ConnectServiceDialog::tryConnect()
{
    const QUrl url = QUrl::fromUserInput(m_ui->urlLineEdit->text().trimmed());
    const bool loopback = QHostAddress(url.host()).isLoopback() || url.host() == QLatin1String("localhost");
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        return showError(tr("Enter the service's address, for example https://keys.example.org."));
    }
    if (url.scheme() == QLatin1String("http") && !loopback)
        return showError(tr("Use https: the admin token must not cross the network unencrypted."));
    if (m_ui->tokenLineEdit->text().isEmpty())
        return showError(tr("Enter the admin token that keydesk-server init printed."));

    setBusy(true);
    m_ui->errorLabel->setVisible(false);
    SecretBytes token = SecretBytes::fromUtf8(m_ui->tokenLineEdit->text());
    auto* client =
        new ServiceClient(m_network, url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery), token, this);
    QPointer<ConnectServiceDialog> self(this);
    client->listProjects([self, client, token, url](Expected<QList<Project>> projects) {
        client->deleteLater();
        if (!self)
            return;
        if (!projects) {
            self->setBusy(false);
            return self->showError(projects.error().message());
        }
        self->m_secrets.writeSecret(tokenAccount(), token, [self, url](Expected<void> stored) {
            if (!self)
                return;
            self->setBusy(false);
            if (!stored)
                return self->showError(
                    tr("The token could not be kept in the OS keychain: %1").arg(stored.error().message()));
            self->m_settings.setValue(Settings::Key::RemoteServiceUrl, url.toString());
            self->accept();
        });
    });
}
