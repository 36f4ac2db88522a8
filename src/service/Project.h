#pragma once

#include <QDateTime>
#include <QString>

// A service project: a named group of at most ServiceConfig::maxKeysPerProject keys.
struct Project
{
    QString id;
    QString name;
    QDateTime createdAt;
};
