#include "LogField.h"

namespace LogField {

QByteArray escaped(std::string_view text, std::size_t maxInputBytes)
{
    static constexpr char hex[] = "0123456789abcdef";
    const std::string_view shown = text.substr(0, maxInputBytes);
    QByteArray out;
    out.reserve(qsizetype(shown.size()) + 3);
    for (const char c : shown) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte > 0x20 && byte < 0x7f && byte != '\\') {
            out += c;
            continue;
        }
        out += "\\x";
        out += hex[byte >> 4];
        out += hex[byte & 0xf];
    }
    if (text.size() > maxInputBytes)
        out += "...";
    return out;
}

} // namespace LogField
