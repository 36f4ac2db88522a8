#pragma once

#include "core/Clock.h"
#include "core/Connection.h"
#include "net/ServiceClient.h"

#include <QDialog>
#include <memory>
#include <optional>

namespace Ui {
class GenerateKeyDialog;
}
class CreateKey;
class QPushButton;

// "Generate Key": where the key goes (a project; with several services, "Service — Project"), name (validated
// live by KeyNameValidator), description, expiry, and how many of that project's keys are in use. Sends the
// request through CreateKey; on a service error it stays open with the error shown and everything the user
// typed kept. Accepted only with a created key (and its secret) in hand.
class GenerateKeyDialog : public QDialog
{
    Q_OBJECT

public:
    // Where a key can go: a project (with its key count) at a connected service.
    struct Destination
    {
        ServiceClient* client = nullptr;
        Connection
            connection; // names the key's keychain entry; with several services, shown with the project
        Project project;
        int keyLimit = 0;
    };
    // `picked` is the destination shown first.
    GenerateKeyDialog(QList<Destination> destinations, int picked, const Clock& clock = Clock::system(),
                      QWidget* parent = nullptr);
    // One service: `projects` with their key counts; `projectId` is picked first.
    GenerateKeyDialog(ServiceClient& client, QList<Project> projects, const QString& projectId, int keyLimit,
                      const Clock& clock = Clock::system(), QWidget* parent = nullptr);
    ~GenerateKeyDialog() override;

    // The created key, once accepted; the caller moves the secret on to the SecretDialog.
    std::optional<ServiceClient::CreatedKey> takeCreatedKey();

    QPushButton* generateButton() const { return m_generateButton; }
    // The connection the new key belongs to (its keychain entry is named after it), for the one-service form.
    void attachTo(const Connection& connection);

private:
    void pickProject(int index);
    void validate();
    void updateExpiryDate();
    void submit();
    void showError(const QString& message);

    std::unique_ptr<Ui::GenerateKeyDialog> m_ui;
    CreateKey* m_createKey = nullptr;
    QList<Destination> m_destinations;
    int m_keysUsed = 0;
    int m_keyLimit = 0;
    const Clock& m_clock;
    QPushButton* m_generateButton = nullptr;
    bool m_busy = false;
    bool m_judgeWhole = false; // trailing spaces count: the field was left, or Generate pressed
    std::optional<ServiceClient::CreatedKey> m_created;
};
