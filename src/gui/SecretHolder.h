#pragma once

// A window that shows or holds a secret or token. When the privacy lock engages (screen locked, idle,
// minimised) it masks whatever is revealed and forgets what it can get again; it never loses what cannot be
// shown again (the copy-once secret stays, masked).
class SecretHolder
{
public:
    virtual ~SecretHolder() = default;
    virtual void lockSecrets() = 0;
};
