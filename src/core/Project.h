#pragma once

#include <QDateTime>
#include <QString>

// A service project: a named group of keys (at most the service's per-project limit).
struct Project
{
    QString id;
    QString name;
    QDateTime createdAt;
    int keyCount = 0; // as the service last reported it
};
