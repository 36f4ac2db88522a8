#pragma once

#include "Error.h"

#include <optional>
#include <utility>
#include <variant>

// A value or an error: how fallible calls report at layer boundaries instead of a silent bool.
// E is KeyDesk's Error almost everywhere; the service uses its wire-level ApiError.
template <typename T, typename E = Error> class [[nodiscard]] Expected
{
public:
    Expected(T value) : m_state(std::move(value)) {}
    Expected(E error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(m_state); }
    T& value() & { return std::get<T>(m_state); }
    // By value: `for (x : call().value())` must not dangle when the temporary Expected dies.
    T value() && { return std::get<T>(std::move(m_state)); }
    const E& error() const { return std::get<E>(m_state); }

private:
    std::variant<T, E> m_state;
};

template <typename E> class [[nodiscard]] Expected<void, E>
{
public:
    Expected() = default;
    Expected(E error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const E& error() const { return *m_error; }

private:
    std::optional<E> m_error;
};
