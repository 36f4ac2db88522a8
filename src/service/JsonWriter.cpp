#include "JsonWriter.h"

#include <cstring>

void JsonWriter::appendString(QByteArray& out, QStringView value)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = value.toUtf8();
    for (char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 0xF];
        } else {
            out += c;
        }
    }
    out += '"';
}

void JsonWriter::key(const char* name)
{
    if (m_out.size() > 1)
        m_out += ',';
    m_out += '"';
    m_out.append(name, qsizetype(std::strlen(name)));
    m_out += "\":";
}

JsonWriter& JsonWriter::field(const char* name, QStringView value)
{
    key(name);
    appendString(m_out, value);
    return *this;
}

JsonWriter& JsonWriter::field(const char* name, qint64 value)
{
    key(name);
    m_out += QByteArray::number(value);
    return *this;
}

QByteArray JsonWriter::finish()
{
    m_out += '}';
    return std::move(m_out);
}
