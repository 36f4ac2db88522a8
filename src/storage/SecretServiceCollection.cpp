#include "SecretServiceCollection.h"

using namespace SecretServiceDBus;

void SecretServiceCollection::open(const RunPtr& run, bool create, Next next)
{
    auto opened = [run, create, next](const QDBusMessage& reply) {
        run->session = pathAt(reply, 1);
        run->job->identify([run, create, next] { find(run, create, [run, next] { unlock(run, next); }); });
    };
    run->crypto = std::make_shared<SecretServiceSession>();
    if (!run->crypto->ready()) {
        return run->job->fail(
            {Error::Kind::Internal, tr("KeyDesk could not prepare the keychain's encryption.")});
    }
    auto encrypted = [run, opened](const QDBusMessage& reply) {
        const QByteArray theirs =
            qdbus_cast<QDBusVariant>(reply.arguments().value(0)).variant().toByteArray();
        if (!run->crypto->agree(theirs)) {
            return run->job->fail(
                {Error::Kind::KeychainUnavailable,
                 tr("The OS keychain (%1) sent an unusable key for encrypting secrets; nothing "
                    "was sent to it.")
                     .arg(run->keychainName())});
        }
        opened(reply);
    };
    // A provider without the encrypted session (the specification makes only "plain" mandatory) is used
    // as libsecret would use it.
    auto plain = [run, opened](const QDBusMessage& refused) {
        if (refused.errorName() != QLatin1String("org.freedesktop.DBus.Error.NotSupported"))
            return run->job->failWith(refused);
        run->crypto.reset();
        run->job->call(
            SecretServiceJob::method(ServicePath, ServiceInterface, QStringLiteral("OpenSession"),
                                     {QStringLiteral("plain"), QVariant::fromValue(QDBusVariant(QString()))}),
            opened);
    };
    run->job->call(SecretServiceJob::method(ServicePath, ServiceInterface, QStringLiteral("OpenSession"),
                                            {QString::fromLatin1(SecretServiceSession::Algorithm),
                                             QVariant::fromValue(QDBusVariant(run->crypto->publicKey()))}),
                   encrypted, plain);
}

void SecretServiceCollection::find(const RunPtr& run, bool create, Next next)
{
    run->job->call(
        SecretServiceJob::method(ServicePath, ServiceInterface, QStringLiteral("ReadAlias"),
                                 {QStringLiteral("default")}),
        [run, create, next = std::move(next)](const QDBusMessage& reply) {
            run->collection = pathAt(reply, 0);
            if (!isNone(run->collection) || !create)
                return next();
            // No default collection yet (a fresh GNOME Keyring): make one, as libsecret would.
            const QVariantMap properties{
                {CollectionInterface + QStringLiteral(".Label"), QStringLiteral("Default keyring")}};
            run->job->call(
                SecretServiceJob::method(ServicePath, ServiceInterface, QStringLiteral("CreateCollection"),
                                         {properties, QStringLiteral("default")}),
                [run, next](const QDBusMessage& created) {
                    run->collection = pathAt(created, 0);
                    const Error refused{Error::Kind::KeychainLocked,
                                        tr("No keyring was created in %1, so the secret cannot be "
                                           "stored. Nothing was changed.")
                                            .arg(run->keychainName())};
                    run->job->prompt(pathAt(created, 1), refused, [run, next](const QVariant& result) {
                        if (isNone(run->collection))
                            run->collection = result.value<QDBusObjectPath>();
                        next();
                    });
                });
        });
}

void SecretServiceCollection::unlock(const RunPtr& run, Next next)
{
    if (isNone(run->collection))
        return next();
    auto askLocked = [run](std::function<void(bool)> then) {
        run->job->call(
            SecretServiceJob::method(run->collection.path(), PropertiesInterface, QStringLiteral("Get"),
                                     {CollectionInterface, QStringLiteral("Locked")}),
            [then = std::move(then)](const QDBusMessage& reply) { then(propertyIn(reply).toBool()); });
    };
    askLocked([run, askLocked, next = std::move(next)](bool locked) {
        if (!locked)
            return next();
        if (!run->mayUnlock) {
            return run->job->fail({Error::Kind::KeychainLocked,
                                   tr("The OS keychain (%1) is locked.").arg(run->keychainName())});
        }
        const Error stayedLocked{
            Error::Kind::KeychainLocked,
            tr("The OS keychain (%1) is locked and was not unlocked. Unlock it and retry; "
               "nothing was changed.")
                .arg(run->keychainName())};
        run->job->call(SecretServiceJob::method(ServicePath, ServiceInterface, QStringLiteral("Unlock"),
                                                {QVariant::fromValue(Paths{run->collection})}),
                       [run, askLocked, stayedLocked, next](const QDBusMessage& reply) {
                           run->job->prompt(pathAt(reply, 1), stayedLocked,
                                            [run, askLocked, stayedLocked, next](const QVariant&) {
                                                // Believe the collection, not the prompt: a provider may
                                                // complete without unlocking.
                                                askLocked([run, stayedLocked, next](bool stillLocked) {
                                                    if (stillLocked)
                                                        return run->job->fail(stayedLocked);
                                                    next();
                                                });
                                            });
                       });
    });
}
