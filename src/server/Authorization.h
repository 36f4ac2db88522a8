#pragma once

#include "Router.h"
#include "core/Role.h"
#include "service/Actor.h"

#include <functional>

class AuthThrottle;
class PeopleDirectory;

// Wraps admin API handlers: the bearer token must belong to a person (or an embedded session) whose role
// allows the call; 401 otherwise, 403 `forbidden` naming the role needed. Wrong tokens count as failed
// authentications of their source address, like wrong client secrets.
class Authorization
{
public:
    using Handler =
        std::function<void(const HttpRequest&, HttpResponse&, const QStringList& params, const Actor& actor)>;

    Authorization(PeopleDirectory& people, AuthThrottle& throttle) : m_people(people), m_throttle(throttle) {}

    Router::Handler require(Permission permission, Handler handler) const;

private:
    PeopleDirectory& m_people;
    AuthThrottle& m_throttle;
};
