#pragma once

class Authorization;
class KeyService;
class Router;

// /v1/projects and /v1/projects/{pid}/keys: projects and keys, each call behind the role it needs
// (core/Role.h): viewers read, support switches keys on and off, admins create, change and delete.
class AdminRoutes
{
public:
    static void install(Router& router, KeyService& keys, const Authorization& auth);
};
