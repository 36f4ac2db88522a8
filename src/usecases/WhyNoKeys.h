#pragma once

#include <QString>

class InventoryStore;
class ServiceSessions;

// Why the inventory table shows no keys, so the window can say what to do next.
struct WhyNoKeys
{
    enum class Reason
    {
        NoKeysYet,     // the inventory is empty: nothing generated, added or synced
        NotReachedYet, // the picked connection is a service never reached, so nothing came from it
        NothingMatches // the search, filter or pick hides every key
    };

    // `pickedConnection`: the connection picked on the left, 0 for all.
    static WhyNoKeys ask(const InventoryStore& store, const ServiceSessions& sessions,
                         qint64 pickedConnection);

    Reason reason = Reason::NothingMatches;
    QString connectionName; // NotReachedYet: the service's name
};
