# Debian packages (cpack -G DEB, scripts/package): keydesk (the desktop app and keydesk-cli) and
# keydesk-server (the service, its systemd unit and account, nginx examples). Library dependencies are
# computed by dpkg-shlibdeps; what it cannot see (Qt plugins loaded at run time) is named here.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME keydesk)
set(CPACK_PACKAGE_VENDOR "KeyDesk")
set(CPACK_PACKAGE_CONTACT "KeyDesk developers <keydesk@localhost>")
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
set(CPACK_COMPONENT_APP_DESCRIPTION
    "API keys and OAuth2 client credentials on the desktop\n KeyDesk creates, rotates, deactivates and deletes API keys at a KeyDesk service, exchanges\n client credentials for bearer tokens and tests them, and keeps an offline inventory. Secrets live\n only in the OS keychain (Secret Service). Includes keydesk-cli.")
# Plugins Qt loads at run time: SQLite for the inventory, SVG for the icons. A keychain is recommended.
set(CPACK_DEBIAN_APP_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6")
set(CPACK_DEBIAN_APP_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager, qt6-translations-l10n")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME keydesk-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION net)
set(CPACK_COMPONENT_SERVER_DESCRIPTION
    "KeyDesk credential service\n Projects, API keys and OAuth2 client-credentials tokens over HTTP, on SQLite or PostgreSQL, for\n the KeyDesk app and keydesk-cli. Ships a hardened systemd unit that is not enabled or started until\n an administrator has run keydesk-server init.")
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "libqt6sql6-sqlite | libqt6sql6-psql, adduser")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "nginx")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/keydesk-server/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/keydesk-server/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/keydesk-server/postrm)
include(CPack)
