// keydesk-cli: a thin main around KeyDeskCli (all logic lives in keydesk-core).
#include "cli/KeyDeskCli.h"

#include <QCoreApplication>
#include <cstdio>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

int main(int argc, char* argv[])
{
    prctl(PR_SET_DUMPABLE, 0); // secrets pass through: no core dumps
    struct rlimit none
    {};
    setrlimit(RLIMIT_CORE, &none);
    umask(077);
    QCoreApplication app(argc, argv);
    // Same names as the app, so both use the same inventory and keychain entries.
    QCoreApplication::setOrganizationName(QStringLiteral("KeyDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("KeyDesk"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    KeyDeskCli cli(out, err, in);
    return cli.run(QCoreApplication::arguments());
}
