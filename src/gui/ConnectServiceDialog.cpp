#include "ConnectServiceDialog.h"

#include "PlainTextLabels.h"
#include "StatusColors.h"
#include "ui_ConnectServiceDialog.h"
#include "usecases/ConnectService.h"

#include <QPointer>
#include <QPushButton>

ConnectServiceDialog::ConnectServiceDialog(QNetworkAccessManager* network, InventoryStore& store,
                                           SecretStore& secrets, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ConnectServiceDialog>()),
      m_connect(new ConnectService(store, secrets, network, this))
{
    m_ui->setupUi(this);
    PlainTextLabels::apply(this);
    m_connectButton = m_ui->buttonBox->addButton(tr("C&onnect"), QDialogButtonBox::AcceptRole);
    disconnect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ConnectServiceDialog::tryConnect);
    // Unnamed, a connection is called after its host: the name field shows that as it will be.
    connect(m_ui->urlLineEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        const auto url = ConnectService::serviceUrl(text);
        m_ui->nameLineEdit->setPlaceholderText(url ? url.value().host() : QString());
    });
}

ConnectServiceDialog::~ConnectServiceDialog()
{
    m_ui->tokenLineEdit->setText(QString(m_ui->tokenLineEdit->text().size(), QLatin1Char('x')));
}

void ConnectServiceDialog::setDeadlineMs(int ms)
{
    m_connect->setDeadlineMs(ms);
}

void ConnectServiceDialog::showError(const QString& message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setStyleSheet(StatusColors::styleSheet(StatusColors::Tone::Problem, palette()));
    m_ui->errorLabel->setVisible(true);
}

void ConnectServiceDialog::setBusy(bool busy)
{
    m_connectButton->setEnabled(!busy);
    m_ui->urlLineEdit->setEnabled(!busy);
    m_ui->tokenLineEdit->setEnabled(!busy);
    m_ui->nameLineEdit->setEnabled(!busy);
}

void ConnectServiceDialog::tryConnect()
{
    // Said at once; the use case checks again before anything is sent.
    if (auto url = ConnectService::serviceUrl(m_ui->urlLineEdit->text()); !url)
        return showError(url.error().message());
    setBusy(true);
    m_ui->errorLabel->setVisible(false);
    ConnectService::Request request{m_ui->nameLineEdit->text(), m_ui->urlLineEdit->text(),
                                    SecretBytes::fromUtf8(m_ui->tokenLineEdit->text()), true};
    QPointer<ConnectServiceDialog> self(this);
    m_connect->run(std::move(request), [self](Expected<Connection> connected) {
        if (!self)
            return;
        self->setBusy(false);
        if (!connected)
            return self->showError(connected.error().message());
        self->m_connected = connected.value();
        self->accept();
    });
}
