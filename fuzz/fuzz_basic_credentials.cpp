// The Authorization: Basic header of the token endpoint (RFC 6749 §2.3.1 form-decoding of id and secret).
#include "FuzzSupport.h"
#include "server/HttpExchange.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    FuzzSupport::startQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    HttpRequest request;
    request.headers.emplace_back("Authorization",
                                 "Basic " + std::string(reinterpret_cast<const char*>(data), size));
    const auto credentials = HttpExchange::basicCredentials(request);
    FuzzSupport::require(credentials.has_value(),
                         "credentials.has_value()"); // the header is there, so: credentials or an error
    if (credentials->ok())
        FuzzSupport::require(!credentials->value().user.isEmpty(), "!credentials->value().user.isEmpty()");
    else
        FuzzSupport::require(credentials->error().status == 400, "credentials->error().status == 400");
    return 0;
}
