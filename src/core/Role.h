#pragma once

#include <QString>
#include <optional>

// A person's role on a KeyDesk service, weakest first: each role may do everything the ones before it may.
// The service checks every call against it; the app and the CLI use the same table to hide or disable what
// the signed-in role cannot do.
enum class Role
{
    Viewer,  // reads projects, keys and events
    Support, // also activates and deactivates keys (to stop a leaked key at once)
    Admin,   // also creates, changes and deletes keys and projects
    Owner    // also manages people and reads the whole service's events
};

// What a call does, as far as roles are concerned.
enum class Permission
{
    Read,
    ChangeKeyStatus,
    ManageKeys,
    ManagePeople
};

QString roleToString(Role role);
std::optional<Role> roleFromString(const QString& text);
// The word shown to people (translated), as opposed to the wire/database token above.
QString roleDisplayName(Role role);

Role requiredRole(Permission permission);
bool roleAllows(Role role, Permission permission);
// "Needs the admin role; you are support." for refusals and disabled actions.
QString roleRefusal(Role role, Permission permission);
