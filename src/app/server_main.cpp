// keydesk-server: a thin main around KeyDeskServer (all logic lives in keydesk-core).
#include "core/ProcessHardening.h"
#include "server/KeyDeskServer.h"
#include "server/ServerCommandLine.h"
#include "server/ServerCommands.h"
#include "service/DatabaseUrl.h"

#include <QCoreApplication>
#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <sys/resource.h>

namespace {

enum ExitCode
{
    Ok = 0,
    Usage = 1,
    Failure = 2
};

} // namespace

int main(int argc, char* argv[])
{
    ProcessHardening::apply();
    // Every open connection is a descriptor: take all the system allows (the HTTP layer caps connections
    // below it, with a clear refusal).
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &files);
    }
    // Block the stop signals before any thread starts, so only sigwait() below receives them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("keydesk-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KEYDESK_VERSION));

    auto parsed = ServerCommandLine::parse(QCoreApplication::arguments());
    if (!parsed) {
        std::fprintf(stderr, "keydesk-server: %s\nTry keydesk-server --help.\n",
                     qPrintable(parsed.error().message()));
        return Usage;
    }
    const ServerCommandLine& cl = parsed.value();
    if (cl.command == ServerCommandLine::Command::Help) {
        std::fputs(qPrintable(cl.helpText), stdout);
        return Ok;
    }
    if (cl.command == ServerCommandLine::Command::Version) {
        std::printf("keydesk-server %s\n", KEYDESK_VERSION);
        return Ok;
    }

    for (const QString& warning : DatabaseUrl::warningsFor(cl.service.database))
        std::fprintf(stderr, "keydesk-server: WARNING: %s\n", qPrintable(warning));
    KeyDeskServer server(cl.service, cl.http);
    if (auto opened = server.open(); !opened) {
        std::fprintf(stderr, "keydesk-server: %s\n", qPrintable(opened.error().toString()));
        return Failure;
    }
    if (auto exitCode = ServerCommands::run(cl, server))
        return *exitCode;
    if (!server.people().hasOwner()) {
        std::fprintf(stderr, "keydesk-server: no admin token yet; run `keydesk-server init` first.\n");
        return Failure;
    }
    auto port = server.start();
    if (!port) {
        std::fprintf(stderr, "keydesk-server: %s\n", qPrintable(port.error().toString()));
        return Failure;
    }
    std::fprintf(stderr, "keydesk-server: listening on %s\n", qPrintable(server.baseUrl().toString()));
    if (parsed.value().insecureHttp)
        std::fprintf(stderr,
                     "keydesk-server: WARNING: plain HTTP on a network address (--allow-insecure-http): "
                     "admin tokens, client secrets and access tokens cross the network unencrypted.\n");
    int signal = 0;
    sigwait(&stopSignals, &signal);
    std::fprintf(stderr, "keydesk-server: stopping (signal %d)\n", signal);
    server.stop();
    return Ok;
}
