// The app's JWT decoder (shows a token's header and claims without verifying them).
#include "FuzzSupport.h"
#include "core/JwtDecoder.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    FuzzSupport::startQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    (void)JwtDecoder::decode(FuzzSupport::bytes(data, size));
    return 0;
}
