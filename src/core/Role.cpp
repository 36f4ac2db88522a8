#include "Role.h"

#include <QCoreApplication>

QString roleToString(Role role)
{
    switch (role) {
    case Role::Viewer:
        return QStringLiteral("viewer");
    case Role::Support:
        return QStringLiteral("support");
    case Role::Admin:
        return QStringLiteral("admin");
    case Role::Owner:
        return QStringLiteral("owner");
    }
    return {};
}

std::optional<Role> roleFromString(const QString& text)
{
    for (Role role : {Role::Viewer, Role::Support, Role::Admin, Role::Owner}) {
        if (text == roleToString(role))
            return role;
    }
    return std::nullopt;
}

QString roleDisplayName(Role role)
{
    switch (role) {
    case Role::Viewer:
        return QCoreApplication::translate("Role", "Viewer");
    case Role::Support:
        return QCoreApplication::translate("Role", "Support");
    case Role::Admin:
        return QCoreApplication::translate("Role", "Admin");
    case Role::Owner:
        return QCoreApplication::translate("Role", "Owner");
    }
    return {};
}

Role requiredRole(Permission permission)
{
    switch (permission) {
    case Permission::Read:
        return Role::Viewer;
    case Permission::ChangeKeyStatus:
        return Role::Support;
    case Permission::ManageKeys:
        return Role::Admin;
    case Permission::ManagePeople:
        return Role::Owner;
    }
    return Role::Owner;
}

bool roleAllows(Role role, Permission permission)
{
    return static_cast<int>(role) >= static_cast<int>(requiredRole(permission));
}

QString roleRefusal(Role role, Permission permission)
{
    return QCoreApplication::translate("Role", "This needs the %1 role; you are %2.")
        .arg(roleDisplayName(requiredRole(permission)), roleDisplayName(role));
}
