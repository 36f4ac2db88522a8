// keydesk-cli: a thin main around KeyDeskCli (all logic lives in keydesk-core).
#include "cli/KeyDeskCli.h"
#include "core/ProcessHardening.h"

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
    KeyDeskCli cli(out, err, in);
    return cli.run(QCoreApplication::arguments());
}
