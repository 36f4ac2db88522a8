#pragma once

class AuthThrottle;
class KeyService;
class Router;

// /v1/projects and /v1/projects/{pid}/keys: the admin API, behind the admin bearer token. Wrong tokens count
// as failed authentications of their source address, like wrong client secrets.
class AdminRoutes
{
public:
    static void install(Router& router, KeyService& keys, AuthThrottle& throttle);
};
