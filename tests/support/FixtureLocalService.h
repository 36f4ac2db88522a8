#pragma once

#include "ServiceFixture.h"
#include "core/LocalService.h"
#include "usecases/Workstation.h"

#include <QTemporaryDir>
#include <memory>

// A running ServiceFixture as the Workstation's local service: the test decides the server's database, clock
// and limits, the Workstation wires everything else as the app does.
class FixtureLocalService final : public LocalService
{
public:
    explicit FixtureLocalService(ServiceFixture& fixture)
        : m_url(fixture.server().baseUrl()), m_token(QByteArray::fromStdString(fixture.adminToken))
    {}

    // The parts of a Workstation in `dir` (its inventory and settings file) on `fixture`, with `keychain`.
    static Workstation::Parts parts(ServiceFixture& fixture, const QTemporaryDir& dir, SecretStore* keychain)
    {
        Workstation::Parts parts;
        parts.dataDir = dir.path();
        parts.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
        parts.local = std::make_unique<FixtureLocalService>(fixture);
        parts.keychain = keychain;
        return parts;
    }

    Expected<void> start(const QString&) override { return {}; } // the fixture runs already
    void stop() override {}                                      // and stops with the test
    QUrl url() const override { return m_url; }
    const SecretBytes& adminToken() const override { return m_token; }

private:
    QUrl m_url;
    SecretBytes m_token;
};
