#pragma once

#include "core/Role.h"

#include <QDateTime>
#include <QString>

// Someone who may call the service's admin API with a personal token (whose SHA-256 alone is stored).
struct Person
{
    QString name;
    Role role = Role::Viewer;
    QDateTime createdAt;
    QString createdBy;
};
