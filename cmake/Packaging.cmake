# Debian packages (cpack -G DEB, scripts/package): keydesk (the desktop app and keydesk-cli) and
# keydesk-server (the service, its systemd unit and account, nginx examples). Library dependencies are
# computed by dpkg-shlibdeps; what it cannot see (Qt plugins loaded at run time) is named here.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME keydesk)
set(CPACK_PACKAGE_VENDOR "KeyDesk")
set(CPACK_PACKAGE_CONTACT "KeyDesk developers <developers@keydesk.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL app server)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_APP_PACKAGE_NAME keydesk)
# Each package's own first line is its summary: without this CPack puts the project's description above it.
# Lines stay under 80 columns (lintian); CPack indents the ones after the first.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_COMPONENT_APP_DESCRIPTION
    "API keys and OAuth2 client credentials on the desktop
KeyDesk creates, rotates, deactivates and deletes API keys at a KeyDesk
service, exchanges client credentials for bearer tokens and tests them, and
keeps an offline inventory. Secrets live only in the OS keychain (Secret
Service). Includes keydesk-cli.")
# Plugins Qt loads at run time: SQLite for the inventory, SVG for the icons. A keychain is recommended.
set(CPACK_DEBIAN_APP_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6")
set(CPACK_DEBIAN_APP_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager, qt6-translations-l10n")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME keydesk-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION net)
set(CPACK_COMPONENT_SERVER_DESCRIPTION
    "KeyDesk credential service
Projects, API keys and OAuth2 client-credentials tokens over HTTP, on SQLite
or PostgreSQL, for the KeyDesk app and keydesk-cli. Ships a hardened systemd
unit that is not enabled or started until an administrator has run
keydesk-server init.")
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "libqt6sql6-sqlite | libqt6sql6-psql, adduser")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "nginx")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/keydesk-server/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/keydesk-server/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/keydesk-server/postrm)

# Each package's copyright (Apache-2.0, LICENSE) and changelog, where Debian looks for them. The changelog's
# newest entry must be this version.
file(STRINGS ${PROJECT_SOURCE_DIR}/packaging/debian/changelog KEYDESK_CHANGELOG_TOP LIMIT_COUNT 1)
if(NOT KEYDESK_CHANGELOG_TOP MATCHES "^keydesk \\(${PROJECT_VERSION}\\) ")
    message(FATAL_ERROR "packaging/debian/changelog starts with \"${KEYDESK_CHANGELOG_TOP}\": add an entry for "
                        "${PROJECT_VERSION}")
endif()
set(KEYDESK_CHANGELOG_GZ ${CMAKE_BINARY_DIR}/debian/changelog.gz)
add_custom_command(
    OUTPUT ${KEYDESK_CHANGELOG_GZ}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/debian
    COMMAND gzip -9n -c ${PROJECT_SOURCE_DIR}/packaging/debian/changelog > ${KEYDESK_CHANGELOG_GZ}
    DEPENDS ${PROJECT_SOURCE_DIR}/packaging/debian/changelog
    VERBATIM)
add_custom_target(debian-changelog ALL DEPENDS ${KEYDESK_CHANGELOG_GZ})
foreach(component app server)
    set(package keydesk)
    if(component STREQUAL "server")
        set(package keydesk-server)
    endif()
    install(FILES ${PROJECT_SOURCE_DIR}/packaging/debian/copyright ${KEYDESK_CHANGELOG_GZ}
            DESTINATION share/doc/${package} COMPONENT ${component})
endforeach()
include(CPack)
