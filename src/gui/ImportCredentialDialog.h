#pragma once

#include "core/Connection.h"

#include <QDialog>
#include <memory>

namespace Ui {
class ImportCredentialDialog;
}
class ImportCredential;
class InventoryStore;
class QPushButton;
class SecretStore;

// Adds a vendor credential by hand: how to reach the provider (OAuth2 token endpoint or API-key test
// call, with presets for the seed vendors' conventions) and the id + secret pasted once. The secret goes
// to the keychain first; only when that worked is anything written to the inventory.
class ImportCredentialDialog : public QDialog
{
    Q_OBJECT

public:
    ImportCredentialDialog(InventoryStore& store, SecretStore& secrets, QWidget* parent = nullptr);
    ~ImportCredentialDialog() override;

    QPushButton* saveButton() const { return m_saveButton; }
    qint64 savedCredentialId() const { return m_savedId; }

private:
    void applyPreset(int index);
    void updateKind();
    void save();
    void showError(const QString& message);
    Expected<Connection> collectConnection() const;

    std::unique_ptr<Ui::ImportCredentialDialog> m_ui;
    ImportCredential* m_import;
    QPushButton* m_saveButton;
    qint64 m_savedId = 0;
};
