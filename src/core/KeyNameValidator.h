#pragma once

#include <QString>

// The one rule for key names, shared by the GUI's QValidator, the CLI and the service:
// starts with a letter (any script), then 1-64 characters of letters, digits, space, '-', '_', '.'.
class KeyNameValidator
{
public:
    static constexpr int MaxLength = 64;

    enum class Problem
    {
        None,
        Empty,
        TooLong,
        FirstNotLetter,
        InvalidCharacter,
        TrailingSpace
    };

    struct Result
    {
        Problem problem = Problem::None;
        QString message;   // plain words for the user; empty when valid
        int position = -1; // index (in characters of the normalized name) of the offending character
        bool ok() const { return problem == Problem::None; }
    };

    // Names are compared and stored in Unicode NFC so "Ü" typed two ways is one name.
    static QString normalized(const QString& name);
    static Result validate(const QString& name);
};
