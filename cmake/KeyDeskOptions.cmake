# One INTERFACE target carries the warnings and Qt defines every KeyDesk target builds with.
add_library(keydesk_options INTERFACE)
target_compile_options(keydesk_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                 -Wcast-align -Woverloaded-virtual)
target_compile_definitions(keydesk_options INTERFACE
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
# Hardened as Debian builds its packages (dpkg-buildflags' "hardening=+all"): a credential manager parses
# hostile input. Not in the fuzzing build, whose sanitizers do this job and clash with _FORTIFY_SOURCE.
# Control-flow protection is per architecture: CET on x86, branch protection on arm64.
include(CheckCXXCompilerFlag)
check_cxx_compiler_flag(-fcf-protection KEYDESK_HAS_CF_PROTECTION)
check_cxx_compiler_flag(-mbranch-protection=standard KEYDESK_HAS_BRANCH_PROTECTION)
if(NOT KEYDESK_FUZZ)
    target_compile_options(keydesk_options INTERFACE -fstack-protector-strong -fstack-clash-protection
        $<$<BOOL:${KEYDESK_HAS_CF_PROTECTION}>:-fcf-protection>
        $<$<BOOL:${KEYDESK_HAS_BRANCH_PROTECTION}>:-mbranch-protection=standard>)
    # Undefined first: a toolchain that defines its own level (Ubuntu: 3) would warn in every file.
    target_compile_options(keydesk_options INTERFACE $<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE>)
    target_compile_definitions(keydesk_options INTERFACE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
    target_link_options(keydesk_options INTERFACE -Wl,-z,relro -Wl,-z,now)
endif()
