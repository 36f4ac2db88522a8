#pragma once

class TokenService;
class Router;

// /livez, /health and the client-credentials token endpoint (/oauth/token, alias /auth/token).
class AuthRoutes
{
public:
    static void install(Router& router, TokenService& tokens);
};
