#include "Authorization.h"

#include "HttpExchange.h"
#include "service/AuthThrottle.h"
#include "service/PeopleDirectory.h"

#include <QCoreApplication>

using namespace HttpExchange;

Router::Handler Authorization::require(Permission permission, Handler handler) const
{
    return [this, permission, handler = std::move(handler)](const HttpRequest& req, HttpResponse& res,
                                                            const QStringList& params) {
        const QString source = QString::fromStdString(req.remoteAddress);
        if (const int wait = m_throttle.waitBeforeTrying(source))
            return sendError(res, AuthThrottle::tooManyRequests(wait));
        const std::optional<SecretBytes> token = bearerToken(req);
        std::optional<Actor> actor;
        if (token) {
            auto known = m_people.authenticate(*token, source);
            if (!known)
                return sendError(res, known.error());
            actor = known.value();
        }
        if (!actor) {
            // A token that was sent and is wrong is a guess; a missing one is not.
            if (const int wait = token ? m_throttle.failed(source, {}) : 0)
                return sendError(res, AuthThrottle::tooManyRequests(wait));
            ApiError error = ApiError::unauthorized(
                "unauthorized",
                QCoreApplication::translate("AdminRoutes",
                                            "This call needs your personal token in Authorization: Bearer."));
            error.bearerChallenge = true;
            return sendError(res, error);
        }
        if (!roleAllows(actor->role, permission))
            return sendError(res, ApiError::forbidden(actor->role, permission));
        handler(req, res, params, *actor);
    };
}
