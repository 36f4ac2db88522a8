#pragma once

#include <QDialog>
#include <memory>

namespace Ui {
class ConnectServiceDialog;
}
class ConnectService;
class InventoryStore;
class QNetworkAccessManager;
class QPushButton;
class SecretStore;
class Settings;

// Points KeyDesk at a remote keydesk-server through ConnectService: checks the URL and token against the
// service, keeps the connection in the inventory and the token in the OS keychain, and makes it the service
// the app works on. Plain http is refused except to this machine.
class ConnectServiceDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectServiceDialog(QNetworkAccessManager* network, InventoryStore& store, SecretStore& secrets,
                         Settings& settings, QWidget* parent = nullptr);
    ~ConnectServiceDialog() override;

    QPushButton* connectButton() const { return m_connectButton; }
    QString connectedName() const { return m_connectedName; }

private:
    void tryConnect();
    void showError(const QString& message);
    void setBusy(bool busy);

    std::unique_ptr<Ui::ConnectServiceDialog> m_ui;
    ConnectService* m_connect;
    Settings& m_settings;
    QString m_connectedName;
    QPushButton* m_connectButton;
};
