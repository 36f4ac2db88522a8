#pragma once

#include "SecretHolder.h"
#include "core/Connection.h"
#include "core/Credential.h"
#include "core/SecretBytes.h"

#include <QDialog>
#include <memory>
#include <optional>

namespace Ui {
class ImportCredentialDialog;
}
class EditProviderCredential;
class ImportCredential;
class InventoryStore;
class IssuerDiscovery;
class QNetworkAccessManager;
class QPushButton;
class SecretStore;

// Adds a vendor credential by hand: how to reach the provider (OAuth2 token endpoint, typed or discovered
// from the issuer's metadata, or API-key test call, with presets for the seed vendors' conventions) and the
// id + secret pasted once, or for private_key_jwt a key pair made here or a PEM private key brought in
// (ClientKey). The secret goes to the keychain first; only when that worked is anything written
// to the inventory.
class ImportCredentialDialog : public QDialog, public SecretHolder
{
    Q_OBJECT

public:
    ImportCredentialDialog(InventoryStore& store, SecretStore& secrets, QWidget* parent = nullptr);
    ~ImportCredentialDialog() override;

    // Edits an existing provider credential instead: how its provider is reached, its expiry, and -- when one
    // is given -- a new secret or key (ReplaceSecret). Its connection, kind, name and client id stay.
    void editExisting(const Connection& connection, const Credential& credential, bool focusSecret = false);

    // Offers "Issuer URL → Discover" (IssuerDiscovery); without it, the token URL is typed.
    void enableDiscovery(QNetworkAccessManager* network, int deadlineMs);

    QPushButton* saveButton() const { return m_saveButton; }
    qint64 savedCredentialId() const { return m_savedId; }
    // The saved credential signs with a key pair: its public key is for the vendor's console.
    bool savedSignsWithKey() const { return m_savedSignsWithKey; }

    // The privacy lock: the secret masked, a private key taken off the screen (kept, not lost).
    void lockSecrets() override;

private:
    void applyPreset(int index);
    void updateKind();
    void loadKeyFile();
    void hidePastedKey();
    bool signsWithKey() const;
    Expected<SecretBytes> collectSecret() const;
    void save();
    void saveEdit();
    void fillProvider(const ProviderSettings& p);
    void showError(const QString& message);
    void fitToContent(bool onlyGrow); // as tall as the form, within the screen
    bool pointToFirstMissing();       // names and focuses the first empty required field, if any
    Expected<Connection> collectConnection() const;

    std::unique_ptr<Ui::ImportCredentialDialog> m_ui;
    std::optional<std::pair<Connection, Credential>> m_editing;
    SecretBytes
        m_loadedKey; // a private key loaded from a file or pasted (then hidden), used unless one is typed
    ImportCredential* m_import;
    EditProviderCredential* m_edit;
    IssuerDiscovery* m_discovery;
    QPushButton* m_saveButton;
    qint64 m_savedId = 0;
    bool m_savedSignsWithKey = false;
    bool m_testHeaderChosen = false; // Send as: picked by the user, a preset or the credential edited
};
