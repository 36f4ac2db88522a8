// The app's parser for an OAuth2 server's token reply: whatever a server sends, a token that comes out is
// RFC 6750's b64token and small (it goes into headers, shell commands and terminals).
#include "FuzzSupport.h"
#include "net/TokenClient.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    FuzzSupport::startQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    auto token = TokenClient::parseTokenReply(FuzzSupport::bytes(data, size));
    if (!token.ok())
        return 0;
    const QByteArray value = token.value().token.toByteArray();
    FuzzSupport::require(!value.isEmpty() && value.size() <= 16 * 1024,
                         "!value.isEmpty() && value.size() <= 16 * 1024");
    bool padding = false;
    for (const char c : value) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        FuzzSupport::require(c == '=' || (plain && !padding),
                             "c == '=' || (plain && !padding)"); // '=' only at the end
        padding |= c == '=';
    }
    return 0;
}
