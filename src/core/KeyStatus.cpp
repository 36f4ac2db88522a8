#include "KeyStatus.h"

#include <QCoreApplication>

QString keyStatusToString(KeyStatus status)
{
    switch (status) {
    case KeyStatus::Active:
        return QStringLiteral("active");
    case KeyStatus::Inactive:
        return QStringLiteral("inactive");
    case KeyStatus::Expired:
        return QStringLiteral("expired");
    }
    return {};
}

std::optional<KeyStatus> keyStatusFromString(const QString& text)
{
    for (KeyStatus status : {KeyStatus::Active, KeyStatus::Inactive, KeyStatus::Expired}) {
        if (text == keyStatusToString(status))
            return status;
    }
    return std::nullopt;
}

QString keyStatusDisplayName(KeyStatus status)
{
    switch (status) {
    case KeyStatus::Active:
        return QCoreApplication::translate("KeyStatus", "Active");
    case KeyStatus::Inactive:
        return QCoreApplication::translate("KeyStatus", "Inactive");
    case KeyStatus::Expired:
        return QCoreApplication::translate("KeyStatus", "Expired");
    }
    return {};
}
