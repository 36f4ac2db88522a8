#include "ProcessHardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

namespace ProcessHardening {

void apply()
{
    const rlimit noCore{0, 0};
    setrlimit(RLIMIT_CORE, &noCore);
    // Also stops ptrace attach by other processes of the same user (KeePassXC's Bootstrap does the same).
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    umask(077);
}

bool isHardened()
{
    rlimit core{};
    return getrlimit(RLIMIT_CORE, &core) == 0 && core.rlim_cur == 0 && core.rlim_max == 0 &&
           prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0;
}

} // namespace ProcessHardening
