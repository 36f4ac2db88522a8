#pragma once

#include "core/ProviderSettings.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

namespace Ui {
class ImportCredentialDialog;
}
class DiscoverProvider;
class QNetworkAccessManager;

// The credential form's "Issuer URL → Discover" (DiscoverProvider): fills the token URL and client
// authentication from the server's metadata and says what it found, or why not. The issuer stays with the
// connection while the token URL is the one the metadata named.
class IssuerDiscovery : public QObject
{
    Q_OBJECT

public:
    // The issuer row stays hidden until enable().
    IssuerDiscovery(Ui::ImportCredentialDialog& ui, QWidget* dialog);

    void enable(QNetworkAccessManager* network, int deadlineMs);
    // An existing connection's discovered issuer, kept while its token URL stays.
    void remember(const ProviderSettings& provider);
    // Adds the issuer and its methods to `provider` when its token URL is still the discovered one.
    void applyTo(ProviderSettings& provider) const;

signals:
    void grew(); // the found text wrapped onto more lines: the dialog fits itself to them

private:
    void discover();

    Ui::ImportCredentialDialog& m_ui;
    QWidget* m_dialog;
    DiscoverProvider* m_discovery = nullptr;
    QUrl m_issuer;         // kept with the connection while the token URL is the one it named
    QString m_tokenUrl;    // that token URL
    QStringList m_methods; // the client authentication methods its metadata listed
};
