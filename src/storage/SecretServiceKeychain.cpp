#include "SecretServiceKeychain.h"

#include "SecretServiceCollection.h"
#include "SecretServiceJob.h"
#include "SecretServiceSecret.h"

#include <QDBusArgument>
#include <QDBusMetaType>
#include <QDBusVariant>
#include <QDateTime>
#include <QTimer>

namespace {

using namespace SecretServiceDBus;

} // namespace

SecretServiceKeychain::SecretServiceKeychain(QString serviceName, QObject* parent)
    : QObject(parent), m_serviceName(std::move(serviceName))
{
    qDBusRegisterMetaType<Attributes>();
    qDBusRegisterMetaType<Paths>();
    qDBusRegisterMetaType<SecretServiceSecret>();
}

Attributes SecretServiceKeychain::attributes(const QString& account) const
{
    return {{QStringLiteral("xdg:schema"), QStringLiteral("org.qt.keychain")},
            {QStringLiteral("server"), m_serviceName},
            {QStringLiteral("user"), account},
            {QStringLiteral("type"), QStringLiteral("base64")}};
}

SecretServiceKeychain::RunPtr SecretServiceKeychain::start(const QString& account, Error late,
                                                           std::function<void(Error)> fail)
{
    auto run = std::make_shared<SecretServiceRun>();
    run->account = account;
    run->job = new SecretServiceJob(m_deadlineMs, std::move(late), std::move(fail), this);
    run->job->noticePrompt = [this](const QString& provider) {
        if (noticePrompt)
            noticePrompt(
                provider.isEmpty()
                    ? tr("The OS keychain is asking you to unlock it or to allow access; KeyDesk waits "
                         "for your answer.")
                    : tr("%1 is asking you to unlock it or to allow access; KeyDesk waits for your "
                         "answer.")
                          .arg(provider));
    };
    return run;
}

void SecretServiceKeychain::findItems(const RunPtr& run, Next next)
{
    run->job->call(SecretServiceJob::method(ServicePath, ServiceInterface, QStringLiteral("SearchItems"),
                                            {QVariant::fromValue(attributes(run->account))}),
                   [run, next = std::move(next)](const QDBusMessage& reply) {
                       run->items = pathsAt(reply, 0);
                       run->lockedItems = pathsAt(reply, 1);
                       next();
                   });
}

void SecretServiceKeychain::unlockItems(const RunPtr& run, Next next)
{
    if (run->lockedItems.isEmpty())
        return next();
    // KeePassXC locks each entry per program until the user allows access ("Access Request").
    const Error refused{
        Error::Kind::KeychainDenied,
        tr("Access to the secret was not allowed in %1. Nothing was changed.").arg(run->keychainName())};
    run->job->call(SecretServiceJob::method(ServicePath, ServiceInterface, QStringLiteral("Unlock"),
                                            {QVariant::fromValue(run->lockedItems)}),
                   [this, run, refused, next = std::move(next)](const QDBusMessage& reply) {
                       run->job->prompt(pathAt(reply, 1), refused,
                                        [this, run, refused, next](const QVariant&) {
                                            findItems(run, [run, refused, next] {
                                                if (!run->lockedItems.isEmpty())
                                                    return run->job->fail(refused);
                                                next();
                                            });
                                        });
                   });
}

void SecretServiceKeychain::readyToChange(const RunPtr& run, bool create, Next next)
{
    SecretServiceCollection::open(run, create, [this, run, next = std::move(next)] {
        m_provider = run->job->provider();
        m_encrypted = run->crypto != nullptr;
        findItems(run, [this, run, next] { unlockItems(run, next); });
    });
}

void SecretServiceKeychain::itemModified(const RunPtr& run, std::function<void(qulonglong)> next)
{
    if (run->items.isEmpty())
        return next(0);
    run->job->call(
        SecretServiceJob::method(run->items.constFirst().path(), PropertiesInterface, QStringLiteral("Get"),
                                 {ItemInterface, QStringLiteral("Modified")}),
        [next = std::move(next)](const QDBusMessage& reply) { next(propertyIn(reply).toULongLong()); });
}

void SecretServiceKeychain::createItem(const RunPtr& run, const QString& label, Next next)
{
    const QVariantMap properties{
        {ItemInterface + QStringLiteral(".Label"), label},
        {ItemInterface + QStringLiteral(".Attributes"), QVariant::fromValue(attributes(run->account))}};
    SecretServiceSecret secret{run->session, {}, run->written, QStringLiteral("text/plain")};
    if (run->crypto) {
        auto sealed = run->crypto->seal(run->written);
        if (!sealed)
            return run->job->fail(
                {Error::Kind::Internal, tr("KeyDesk could not encrypt the secret for the keychain.")});
        secret.parameters = sealed->iv;
        secret.value = sealed->value;
    }
    QDBusMessage create =
        SecretServiceJob::method(run->collection.path(), CollectionInterface, QStringLiteral("CreateItem"),
                                 {properties, QVariant::fromValue(secret), true});
    const Error refused{Error::Kind::KeychainDenied,
                        tr("%1 did not allow the secret to be stored.").arg(run->keychainName())};
    run->job->call(create, [run, refused, next = std::move(next)](const QDBusMessage& reply) {
        run->job->prompt(pathAt(reply, 1), refused, [next](const QVariant&) { next(); });
    });
}

void SecretServiceKeychain::verifyWritten(const RunPtr& run, qulonglong before, SecretStore::Done done)
{
    findItems(run, [this, run, before, done = std::move(done)] {
        if (run->items.isEmpty() && run->lockedItems.isEmpty()) {
            return run->job->fail(
                {Error::Kind::KeychainDenied,
                 tr("%1 said it stored the secret, but it is not there. Nothing was stored; "
                    "unlock the keychain and retry.")
                     .arg(run->keychainName())});
        }
        auto stored = [run, done] {
            run->job->end();
            done({});
        };
        if (before == 0)
            return stored();
        itemModified(run, [this, run, before, done, stored](qulonglong after) {
            if (after > before)
                return stored();
            // Not newer: refused, or the same secret written again (KeePassXC then keeps the old time).
            readValue(run, [run, stored](QByteArray value) {
                const bool same = SecretBytes(value).equals(SecretBytes(run->written));
                SecretBytes::wipe(value);
                if (same)
                    return stored();
                run->job->fail({Error::Kind::KeychainDenied,
                                tr("%1 did not take the new secret; the one it held before is still there.")
                                    .arg(run->keychainName())});
            });
        });
    });
}

void SecretServiceKeychain::readValue(const RunPtr& run, std::function<void(QByteArray)> next)
{
    run->job->call(SecretServiceJob::method(run->items.constFirst().path(), ItemInterface,
                                            QStringLiteral("GetSecret"), {QVariant::fromValue(run->session)}),
                   [run, next = std::move(next)](const QDBusMessage& reply) {
                       auto secret = qdbus_cast<SecretServiceSecret>(reply.arguments().value(0));
                       if (!run->crypto)
                           return next(secret.value);
                       const auto opened = run->crypto->open(secret.parameters, secret.value);
                       if (!opened) {
                           return run->job->fail(
                               {Error::Kind::KeychainUnavailable,
                                tr("The secret from the OS keychain could not be decrypted.")});
                       }
                       next(opened->toByteArray());
                   });
}

void SecretServiceKeychain::write(const QString& account, const QString& label, const SecretBytes& secret,
                                  SecretStore::Done done)
{
    RunPtr run =
        start(account,
              {Error::Kind::Timeout,
               tr("The OS keychain did not finish storing the secret in time, so it is not known to be "
                  "stored. Nothing was dropped; retry once the keychain answers.")},
              [done](Error error) { done(std::move(error)); });
    QByteArray raw = secret.toByteArray();
    run->written = raw.toBase64(); // QtKeychain's form (type base64), so either reads what the other wrote
    SecretBytes::wipe(raw);
    readyToChange(run, true, [this, run, label, done] {
        itemModified(run, [this, run, label, done](qulonglong before) {
            auto write = [this, run, label, done, before] {
                createItem(run, label, [this, run, before, done] { verifyWritten(run, before, done); });
            };
            // Modified counts whole seconds: an entry changed this very second is replaced in the next one,
            // so that "newer" proves the write.
            const qint64 wait = qint64(before + 1) * 1000 - QDateTime::currentMSecsSinceEpoch();
            if (before != 0 && wait > 0 && wait <= 1000)
                QTimer::singleShot(int(wait) + 10, run->job, write);
            else
                write();
        });
    });
}

void SecretServiceKeychain::read(const QString& account, SecretStore::ReadDone done)
{
    RunPtr run =
        start(account, {Error::Kind::Timeout, tr("The OS keychain did not hand over the secret in time.")},
              [done](Error error) { done(std::move(error)); });
    readyToChange(run, false, [this, run, done] {
        if (run->items.isEmpty()) {
            run->job->end();
            return done(Error(Error::Kind::SecretNotFound,
                              tr("The OS keychain holds no secret for %1.").arg(run->account)));
        }
        readValue(run, [run, done](QByteArray value) {
            auto decoded = QByteArray::fromBase64Encoding(value, QByteArray::AbortOnBase64DecodingErrors);
            SecretBytes::wipe(value);
            run->job->end();
            if (!decoded) {
                return done(Error(
                    Error::Kind::KeychainUnavailable,
                    tr("The keychain entry for %1 is not in the form KeyDesk writes.").arg(run->account)));
            }
            SecretBytes secret(*decoded);
            SecretBytes::wipe(*decoded);
            done(std::move(secret));
        });
    });
}

void SecretServiceKeychain::deleteItems(const RunPtr& run, Next next)
{
    if (run->items.isEmpty())
        return next();
    const QDBusObjectPath item = run->items.takeFirst();
    const Error refused{
        Error::Kind::KeychainDenied,
        tr("%1 did not allow the secret to be deleted; it is still there.").arg(run->keychainName())};
    run->job->call(SecretServiceJob::method(item.path(), ItemInterface, QStringLiteral("Delete")),
                   [this, run, refused, next = std::move(next)](const QDBusMessage& reply) {
                       run->job->prompt(pathAt(reply, 0), refused,
                                        [this, run, next](const QVariant&) { deleteItems(run, next); });
                   });
}

void SecretServiceKeychain::remove(const QString& account, SecretStore::Done done)
{
    RunPtr run = start(account,
                       {Error::Kind::Timeout,
                        tr("The OS keychain did not confirm the deletion in time; the secret may still be "
                           "there.")},
                       [done](Error error) { done(std::move(error)); });
    readyToChange(run, false, [this, run, done] {
        deleteItems(run, [this, run, done] {
            findItems(run, [run, done] {
                if (!run->items.isEmpty() || !run->lockedItems.isEmpty()) {
                    return run->job->fail({Error::Kind::KeychainDenied,
                                           tr("%1 said it deleted the secret, but it is still there.")
                                               .arg(run->keychainName())});
                }
                run->job->end();
                done({});
            });
        });
    });
}

void SecretServiceKeychain::relabel(const QString& account, const QString& label, SecretStore::Done done)
{
    RunPtr run = start(account, {Error::Kind::Timeout, tr("The OS keychain did not answer in time.")},
                       [done](Error error) { done(std::move(error)); });
    run->mayUnlock = false; // a label is not worth a dialog
    SecretServiceCollection::open(run, false, [this, run, label, done] {
        findItems(run, [this, run, label, done] {
            run->items << run->lockedItems;
            setLabels(run, label, [run, done] {
                run->job->end();
                done({});
            });
        });
    });
}

void SecretServiceKeychain::setLabels(const RunPtr& run, const QString& label, Next next)
{
    if (run->items.isEmpty())
        return next();
    const QDBusObjectPath item = run->items.takeFirst();
    run->job->call(
        SecretServiceJob::method(
            item.path(), PropertiesInterface, QStringLiteral("Set"),
            {ItemInterface, QStringLiteral("Label"), QVariant::fromValue(QDBusVariant(label))}),
        [this, run, label, next = std::move(next)](const QDBusMessage&) { setLabels(run, label, next); });
}
