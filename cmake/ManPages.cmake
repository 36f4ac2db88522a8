# A man page per program, written by scripts/manpage from the program's own --help each time the program is
# built, so the page cannot drift from the options. KEYDESK_MAN_PAGES lists them for install() and tests.
# The programs run on the build machine (the GUI one offscreen): not when cross-compiling, or when turned off.
# KEYDESK_MAN_PAGES_GZ: the same pages compressed (gzip -9n, reproducible), as Debian installs them.
option(KEYDESK_BUILD_MAN_PAGES "Write the man pages from each program's --help" ON)
set(KEYDESK_MAN_PAGES)
set(KEYDESK_MAN_PAGES_GZ)
if(NOT KEYDESK_BUILD_MAN_PAGES OR CMAKE_CROSSCOMPILING)
    return()
endif()
function(keydesk_man_page target summary)
    set(page ${CMAKE_BINARY_DIR}/man/${target}.1)
    add_custom_command(
        OUTPUT ${page}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
        COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/manpage ${page} ${target} $<TARGET_FILE:${target}>
                ${PROJECT_VERSION} ${summary} ${ARGN}
        DEPENDS ${target} ${PROJECT_SOURCE_DIR}/scripts/manpage
        COMMENT "Writing the man page of ${target}"
        VERBATIM)
    add_custom_command(
        OUTPUT ${page}.gz
        COMMAND gzip -9n -c ${page} > ${page}.gz
        DEPENDS ${page}
        VERBATIM)
    list(APPEND KEYDESK_MAN_PAGES ${page})
    list(APPEND KEYDESK_MAN_PAGES_GZ ${page}.gz)
    set(KEYDESK_MAN_PAGES ${KEYDESK_MAN_PAGES} PARENT_SCOPE)
    set(KEYDESK_MAN_PAGES_GZ ${KEYDESK_MAN_PAGES_GZ} PARENT_SCOPE)
endfunction()
keydesk_man_page(keydesk "API keys and OAuth2 client credentials on the desktop, secrets in the OS keychain")
keydesk_man_page(keydesk-cli "API keys, OAuth2 tokens and secrets from the command line" --commands)
keydesk_man_page(keydesk-server "the KeyDesk credential service")
add_custom_target(man-pages ALL DEPENDS ${KEYDESK_MAN_PAGES} ${KEYDESK_MAN_PAGES_GZ})
