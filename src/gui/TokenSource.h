#pragma once

#include "core/Connection.h"
#include "core/Credential.h"
#include "core/ProviderSettings.h"

// A credential that can be exchanged for a token, with where and how to do it and to test the token.
struct TokenSource
{
    Credential credential;
    QString label;
    ProviderSettings provider;
    Connection connection;
};
