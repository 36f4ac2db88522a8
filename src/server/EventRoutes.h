#pragma once

class AuditLog;
class Authorization;
class KeyService;
class Router;

// The audit trail, read-only: GET /v1/projects/{pid}/events for everyone signed in, GET /v1/events (the
// whole service, people and signing keys included) for owners. Newest first, paged with `before`.
class EventRoutes
{
public:
    static void install(Router& router, KeyService& keys, AuditLog& audit, const Authorization& auth);
};
