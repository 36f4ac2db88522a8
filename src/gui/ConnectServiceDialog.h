#pragma once

#include "core/Connection.h"

#include <QDialog>
#include <memory>
#include <optional>

namespace Ui {
class ConnectServiceDialog;
}
class ConnectService;
class InventoryStore;
class QNetworkAccessManager;
class QPushButton;
class SecretStore;

// Points KeyDesk at a remote keydesk-server through ConnectService: checks the URL and token against the
// service and keeps the connection in the inventory and the token in the OS keychain; the window then opens
// it next to the services it already works on. Plain http is refused except to this machine.
class ConnectServiceDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectServiceDialog(QNetworkAccessManager* network, InventoryStore& store, SecretStore& secrets,
                         QWidget* parent = nullptr);
    ~ConnectServiceDialog() override;

    QPushButton* connectButton() const { return m_connectButton; }
    void setDeadlineMs(int ms);
    // The connection kept, once accepted.
    std::optional<Connection> connected() const { return m_connected; }

private:
    void tryConnect();
    void showError(const QString& message);
    void setBusy(bool busy);

    std::unique_ptr<Ui::ConnectServiceDialog> m_ui;
    ConnectService* m_connect;
    std::optional<Connection> m_connected;
    QPushButton* m_connectButton;
};
