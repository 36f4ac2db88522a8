#pragma once

class KeyService;
class Router;

// /v1/projects and /v1/projects/{pid}/keys: the admin API, behind the admin bearer token.
class AdminRoutes
{
public:
    static void install(Router& router, KeyService& keys);
};
