#pragma once

#include <QByteArray>
#include <QStringView>

// Writes one flat, compact JSON object. For the two replies on the hot path (token claims and the
// token response) where QJsonObject's CBOR round trip costs more than the rest of the request.
class JsonWriter
{
public:
    JsonWriter& field(const char* name, QStringView value);
    JsonWriter& field(const char* name, qint64 value);
    QByteArray finish();

    static void appendString(QByteArray& out, QStringView value);

private:
    void key(const char* name);
    QByteArray m_out = QByteArrayLiteral("{");
};
