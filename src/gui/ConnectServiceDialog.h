#pragma once

#include <QDialog>
#include <memory>

namespace Ui {
class ConnectServiceDialog;
}
class QNetworkAccessManager;
class QPushButton;
class SecretStore;
class Settings;

// Points KeyDesk at a remote keydesk-server: checks the URL and admin token against the service, then keeps
// the token in the OS keychain and the URL in settings. Plain http is refused except to this machine.
class ConnectServiceDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectServiceDialog(QNetworkAccessManager* network, SecretStore& secrets, Settings& settings,
                         QWidget* parent = nullptr);
    ~ConnectServiceDialog() override;

    QPushButton* connectButton() const { return m_connectButton; }
    static QString tokenAccount() { return QStringLiteral("remote-service/admin-token"); }

private:
    void tryConnect();
    void showError(const QString& message);
    void setBusy(bool busy);

    std::unique_ptr<Ui::ConnectServiceDialog> m_ui;
    QNetworkAccessManager* m_network;
    SecretStore& m_secrets;
    Settings& m_settings;
    QPushButton* m_connectButton;
};
