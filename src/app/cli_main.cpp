// keydesk-cli: a thin main around KeyDeskCli (the commands live in keydesk-cli-commands, what they do in the
// use cases); it picks the embedded service as the Local connection's.
#include "cli/KeyDeskCli.h"
#include "core/ProcessHardening.h"
#include "server/EmbeddedService.h"

#include <QCoreApplication>
#include <cstdio>

int main(int argc, char* argv[])
{
    ProcessHardening::apply();
    QCoreApplication app(argc, argv);
    // Same names as the app, so both use the same inventory and keychain entries.
    QCoreApplication::setOrganizationName(QStringLiteral("KeyDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("KeyDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KEYDESK_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    KeyDeskCli cli(out, err, in, [] { return std::make_unique<EmbeddedService>(); });
    return cli.run(QCoreApplication::arguments());
}
