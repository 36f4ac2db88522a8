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
