#include "Rotation.h"

#include "KeyNameValidator.h"

#include <QRegularExpression>
#include <cstdlib>

namespace Rotation {

QString successorName(const QString& name)
{
    static const QRegularExpression versioned(QStringLiteral("^(.*) v(\\d+)$"));
    QString base = name;
    int next = 2;
    if (const auto m = versioned.match(name); m.hasMatch()) {
        base = m.captured(1);
        next = m.captured(2).toInt() + 1;
    }
    const QString suffix = QStringLiteral(" v%1").arg(next);
    const QList<uint> chars = base.toUcs4();
    if (chars.size() + suffix.size() > KeyNameValidator::MaxLength) // keep within 64 characters
        base = QString::fromUcs4(reinterpret_cast<const char32_t*>(chars.constData()),
                                 KeyNameValidator::MaxLength - suffix.size())
                   .trimmed();
    return base + suffix;
}

ExpiryOption successorExpiry(const Credential& old)
{
    if (!old.expiresAt.isValid() || !old.createdAt.isValid())
        return ExpiryOption::Never;
    const qint64 days = (old.createdAt.secsTo(old.expiresAt) + 43200) / 86400;
    ExpiryOption best = ExpiryOption::Days30;
    qint64 bestDistance = -1;
    for (ExpiryOption option : allExpiryOptions()) {
        const auto d = expiryDays(option);
        if (!d)
            continue;
        const qint64 distance = std::llabs(*d - days);
        if (bestDistance < 0 || distance < bestDistance) {
            best = option;
            bestDistance = distance;
        }
    }
    return best;
}

} // namespace Rotation
