#pragma once

class Authorization;
class PeopleDirectory;
class Router;

// GET /v1/me for everyone signed in; /v1/users (list, add, change role, remove) for owners.
class PeopleRoutes
{
public:
    static void install(Router& router, PeopleDirectory& people, const Authorization& auth);
};
