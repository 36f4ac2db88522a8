#include "ServerCommands.h"

#include "KeyDeskServer.h"
#include "core/Rfc3339.h"

namespace {

int printToken(std::FILE* out, const char* what, const SecretBytes& token)
{
    std::fprintf(out, "%s\n", what);
    std::fwrite(token.data(), 1, size_t(token.size()), out);
    std::fprintf(out, "\n");
    std::fflush(out);
    return ServerCommands::Ok;
}

int fail(std::FILE* err, const QString& message)
{
    std::fprintf(err, "keydesk-server: %s\n", qPrintable(message));
    return ServerCommands::Failure;
}

int listPeople(KeyDeskServer& server, std::FILE* out, std::FILE* err)
{
    auto people = server.people().list();
    if (!people)
        return fail(err, people.error().message);
    std::fprintf(out, "%-32s %-8s %-20s %s\n", "NAME", "ROLE", "ADDED", "BY");
    for (const Person& p : people.value())
        std::fprintf(out, "%-32s %-8s %-20s %s\n", qPrintable(p.name), qPrintable(roleToString(p.role)),
                     qPrintable(Rfc3339::format(p.createdAt)), qPrintable(p.createdBy));
    return ServerCommands::Ok;
}

} // namespace

std::optional<int> ServerCommands::run(const ServerCommandLine& cl, KeyDeskServer& server, std::FILE* out,
                                       std::FILE* err)
{
    using Command = ServerCommandLine::Command;
    const Actor operatorActor = Actor::commandLine();
    switch (cl.command) {
    case Command::RotateSigningKey: {
        auto kid = server.keys().signingKeys().rotate(operatorActor);
        if (!kid)
            return fail(err, kid.error().message);
        std::fprintf(out,
                     "New signing key %s: running instances sign with it within a minute; tokens signed with "
                     "older keys stay valid until they expire.\n",
                     qPrintable(kid.value()));
        return Ok;
    }
    case Command::Init:
        if (server.people().hasOwner())
            return fail(err, QStringLiteral("the database is already initialised; use rotate-admin-token to "
                                            "replace a lost admin token."));
        [[fallthrough]];
    case Command::RotateAdminToken: {
        auto token = server.people().rotateAdminToken();
        if (!token)
            return fail(err, token.error().message);
        return printToken(out, "Admin token of the owner \"admin\" (shown once; only its SHA-256 is stored):",
                          token.value());
    }
    case Command::UsersList:
        return listPeople(server, out, err);
    case Command::UsersAdd: {
        auto added = server.people().add(cl.userName, cl.userRole, operatorActor);
        if (!added)
            return fail(err, added.error().message);
        const QString what =
            QStringLiteral("Personal token of %1 (%2; shown once, only its SHA-256 is stored):")
                .arg(cl.userName, roleToString(cl.userRole));
        return printToken(out, qPrintable(what), added.value().token);
    }
    case Command::UsersSetRole: {
        auto changed = server.people().setRole(cl.userName, cl.userRole, operatorActor);
        if (!changed)
            return fail(err, changed.error().message);
        std::fprintf(out, "%s is now %s.\n", qPrintable(cl.userName), qPrintable(roleToString(cl.userRole)));
        return Ok;
    }
    case Command::UsersRemove: {
        auto removed = server.people().remove(cl.userName, operatorActor);
        if (!removed)
            return fail(err, removed.error().message);
        std::fprintf(out, "%s removed; their token no longer works on any instance.\n",
                     qPrintable(cl.userName));
        return Ok;
    }
    case Command::Serve:
    case Command::Help:
    case Command::Version:
        break;
    }
    return std::nullopt;
}
