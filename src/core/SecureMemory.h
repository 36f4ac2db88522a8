#pragma once

#include <cstddef>

// Memory for secrets: page-aligned, locked in RAM where the limit allows (never written to swap), left out of
// core dumps (MADV_DONTDUMP), and zeroed before it is given back. Used by SecretBytes' buffer.
namespace SecureMemory {

void* allocate(std::size_t bytes);
void release(void* block, std::size_t bytes); // wipes first
void wipe(void* block, std::size_t bytes);    // zeroes in a way the compiler may not drop
bool isLocked(const void* block);             // mlock() took effect for this block
std::size_t liveBytes();                      // handed out and not yet released (for tests)

// std::allocator-compatible front for containers of secret bytes.
template <typename T> struct Allocator
{
    using value_type = T;
    Allocator() = default;
    template <typename U> Allocator(const Allocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return static_cast<T*>(SecureMemory::allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { SecureMemory::release(p, n * sizeof(T)); }
    template <typename U> bool operator==(const Allocator<U>&) const noexcept { return true; }
    template <typename U> bool operator!=(const Allocator<U>&) const noexcept { return false; }
};

} // namespace SecureMemory
