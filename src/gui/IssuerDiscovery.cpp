#include "IssuerDiscovery.h"

#include "StatusColors.h"
#include "ui_ImportCredentialDialog.h"
#include "usecases/DiscoverProvider.h"

#include <QCompleter>
#include <QPointer>

IssuerDiscovery::IssuerDiscovery(Ui::ImportCredentialDialog& ui, QWidget* dialog)
    : QObject(dialog), m_ui(ui), m_dialog(dialog)
{
    for (QWidget* w : std::initializer_list<QWidget*>{ui.issuerLabel, ui.issuerLineEdit, ui.discoverButton,
                                                      ui.discoveryLabel})
        w->setVisible(false);
    connect(ui.discoverButton, &QPushButton::clicked, this, &IssuerDiscovery::discover);
}

void IssuerDiscovery::enable(QNetworkAccessManager* network, int deadlineMs)
{
    m_discovery = new DiscoverProvider(network, this);
    m_discovery->setDeadlineMs(deadlineMs);
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_ui.issuerLabel, m_ui.issuerLineEdit, m_ui.discoverButton})
        w->setVisible(true);
}

void IssuerDiscovery::remember(const ProviderSettings& provider)
{
    if (!provider.issuer.isValid())
        return;
    m_issuer = provider.issuer;
    m_methods = provider.issuerAuthMethods;
    m_tokenUrl = provider.tokenUrl.toString();
    m_ui.issuerLineEdit->setText(provider.issuer.toString());
}

void IssuerDiscovery::applyTo(ProviderSettings& provider) const
{
    if (!m_tokenUrl.isEmpty() && provider.tokenUrl.toString() == m_tokenUrl) {
        provider.issuer = m_issuer;
        provider.issuerAuthMethods = m_methods;
    }
}

void IssuerDiscovery::discover()
{
    if (!m_discovery)
        return;
    m_ui.discoverButton->setEnabled(false);
    m_ui.discoveryLabel->setStyleSheet(QString());
    m_ui.discoveryLabel->setText(tr("Reading the server's metadata\u2026"));
    m_ui.discoveryLabel->setVisible(true);
    QPointer<IssuerDiscovery> self(this);
    m_discovery->run(m_ui.issuerLineEdit->text(), std::nullopt, [self](Expected<DiscoveredProvider> found) {
        if (!self)
            return;
        Ui::ImportCredentialDialog& ui = self->m_ui;
        ui.discoverButton->setEnabled(true);
        if (!found) {
            ui.discoveryLabel->setStyleSheet(
                StatusColors::styleSheet(StatusColors::Tone::Problem, self->m_dialog->palette()));
            ui.discoveryLabel->setText(found.error().message());
            return;
        }
        const DiscoveredProvider& r = found.value();
        self->m_issuer = r.issuer;
        self->m_methods = r.authMethods;
        self->m_tokenUrl = r.tokenEndpoint.toString();
        ui.tokenUrlLineEdit->setText(self->m_tokenUrl);
        ui.clientAuthComboBox->setCurrentIndex(ui.clientAuthComboBox->findData(int(r.clientAuth)));
        ui.jsonBodyCheckBox->setChecked(false);
        QString text = tr("Found at %1.\nClient authentication: %2.").arg(r.documentUrl.toString(), r.reason);
        if (!r.scopes.isEmpty()) {
            text += QLatin1Char('\n') + tr("Scopes offered: %1").arg(r.scopes.join(QLatin1Char(' ')));
            ui.scopeLineEdit->setCompleter(new QCompleter(r.scopes, ui.scopeLineEdit));
        }
        ui.discoveryLabel->setText(text);
        emit self->grew(); // a wrapped label's height is known only once it has its text
    });
}
