#include "SecureMemory.h"

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <new>
#include <set>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace {

std::atomic<std::size_t> g_live{0};
std::mutex g_lockedMutex;
// Never destroyed (here and below): secrets held by other static objects are released during exit, and
// a destroyed table would lose its blocks (LeakSanitizer reported the cached pages at exit).
std::set<const void*>& lockedBlocks()
{
    static auto* blocks = new std::set<const void*>;
    return *blocks;
}

// Locking and unlocking cost ~12 µs a secret (four system calls): too much for the service's token path.
// Released one-page blocks (almost every secret fits in one) are wiped and kept, locked, for the next one.
constexpr std::size_t kCachedBlocks = 64;
std::vector<void*>& cachedPages()
{
    static auto* pages = new std::vector<void*>;
    return *pages;
}

std::size_t pageSize()
{
    static const std::size_t size = std::size_t(sysconf(_SC_PAGESIZE));
    return size;
}

std::size_t rounded(std::size_t bytes)
{
    const std::size_t page = pageSize();
    return ((bytes ? bytes : 1) + page - 1) / page * page;
}

} // namespace

namespace SecureMemory {

void* allocate(std::size_t bytes)
{
    const std::size_t size = rounded(bytes);
    if (size == pageSize()) {
        const std::lock_guard<std::mutex> guard(g_lockedMutex);
        if (!cachedPages().empty()) {
            void* block = cachedPages().back();
            cachedPages().pop_back();
            g_live += bytes;
            return block;
        }
    }
    void* block = nullptr;
    if (posix_memalign(&block, pageSize(), size) != 0)
        throw std::bad_alloc();
    madvise(block, size, MADV_DONTDUMP);
    // Locking may fail (RLIMIT_MEMLOCK): the secret is still zeroed on release and kept out of core dumps.
    if (mlock(block, size) == 0) {
        const std::lock_guard<std::mutex> guard(g_lockedMutex);
        lockedBlocks().insert(block);
    }
    g_live += bytes;
    return block;
}

void release(void* block, std::size_t bytes)
{
    if (!block)
        return;
    const std::size_t size = rounded(bytes);
    wipe(block, size);
    g_live -= bytes;
    bool wasLocked = false;
    {
        const std::lock_guard<std::mutex> guard(g_lockedMutex);
        if (size == pageSize() && cachedPages().size() < kCachedBlocks) {
            cachedPages().push_back(block); // wiped, still locked, out of core dumps
            return;
        }
        wasLocked = lockedBlocks().erase(block) > 0;
    }
    if (wasLocked)
        munlock(block, size);
    madvise(block, size, MADV_DODUMP);
    std::free(block);
}

void wipe(void* block, std::size_t bytes)
{
    if (block && bytes)
        explicit_bzero(block, bytes);
}

bool isLocked(const void* block)
{
    const std::lock_guard<std::mutex> guard(g_lockedMutex);
    return lockedBlocks().count(block) > 0;
}

std::size_t liveBytes()
{
    return g_live;
}

} // namespace SecureMemory
