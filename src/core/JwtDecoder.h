#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QJsonObject>
#include <QPair>

// Reads a JWT's header and claims without checking the signature: for showing what a token says
// (exp, iat, sub, scope), never for trusting it.
namespace JwtDecoder {
Expected<QPair<QJsonObject, QJsonObject>> decode(const QByteArray& token);
}
