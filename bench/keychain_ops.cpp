// Keychain operations per second: KeyDesk's Secret Service client (an encrypted session per job, the
// collection's lock checked, every write and delete confirmed) against QtKeychain 0.13 (libsecret, one
// cached session, nothing confirmed) in the same run, on the same keyring. Run by bench/keychain_ops.sh.
#include "storage/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <cstdio>
#include <qt6keychain/keychain.h>

namespace {

double perOperationMs(int n, const std::function<void(int, std::function<void()>)>& operation)
{
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < n; ++i) {
        QEventLoop wait;
        operation(i, [&wait] { wait.quit(); });
        wait.exec();
    }
    return double(clock.elapsed()) / n;
}

void runQtKeychain(QKeychain::Job* job, const std::function<void()>& done)
{
    QObject::connect(job, &QKeychain::Job::finished, [done](QKeychain::Job*) { done(); });
    job->start();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? std::max(1, atoi(argv[1])) : 40;
    KeychainSecretStore ours(QStringLiteral("keydesk-bench"));
    const SecretBytes value(QByteArrayLiteral("kds_bench_value_0123456789abcdef"));
    auto account = [](const char* who, int i) {
        return QStringLiteral("%1/%2").arg(QLatin1String(who)).arg(i);
    };

    const double qtWrite = perOperationMs(n, [&](int i, auto done) {
        auto* job = new QKeychain::WritePasswordJob(QStringLiteral("keydesk-bench"));
        job->setKey(account("qtkeychain", i));
        job->setBinaryData(value.toByteArray());
        runQtKeychain(job, done);
    });
    const double ourWrite = perOperationMs(n, [&](int i, auto done) {
        ours.writeSecret(account("keydesk", i), {}, value, [done](auto) { done(); });
    });
    const double qtRead = perOperationMs(n, [&](int i, auto done) {
        auto* job = new QKeychain::ReadPasswordJob(QStringLiteral("keydesk-bench"));
        job->setKey(account("qtkeychain", i));
        runQtKeychain(job, done);
    });
    const double ourRead = perOperationMs(
        n, [&](int i, auto done) { ours.readSecret(account("keydesk", i), [done](auto) { done(); }); });
    const double qtDelete = perOperationMs(n, [&](int i, auto done) {
        auto* job = new QKeychain::DeletePasswordJob(QStringLiteral("keydesk-bench"));
        job->setKey(account("qtkeychain", i));
        runQtKeychain(job, done);
    });
    const double ourDelete = perOperationMs(
        n, [&](int i, auto done) { ours.deleteSecret(account("keydesk", i), [done](auto) { done(); }); });

    std::printf("operation  qtkeychain_ms  keydesk_ms  ratio\n");
    std::printf("write      %13.1f  %10.1f  %5.2f\n", qtWrite, ourWrite, ourWrite / qtWrite);
    std::printf("read       %13.1f  %10.1f  %5.2f\n", qtRead, ourRead, ourRead / qtRead);
    std::printf("delete     %13.1f  %10.1f  %5.2f\n", qtDelete, ourDelete, ourDelete / qtDelete);
    return 0;
}
