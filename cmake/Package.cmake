# The Debian package an operator installs (`make package`, docs/operations.md "Install from
# the Debian package"): the nazar binary, the built web app and its two fonts, a nazar system
# user made by postinst, a hardened systemd unit, settings in /etc/nazar/nazar.env (a conffile).
set(NAZAR_WEB_DIST ${PROJECT_SOURCE_DIR}/web/dist)
set(NAZAR_FONTS ${PROJECT_SOURCE_DIR}/web/node_modules/vazirmatn/fonts/webfonts)
set(NAZAR_DEBIAN ${PROJECT_SOURCE_DIR}/packaging/debian)

install(TARGETS nazar RUNTIME DESTINATION bin)
# web/dist exists after `make web`; packaging without it fails (the glob below is empty).
install(DIRECTORY ${NAZAR_WEB_DIST}/ DESTINATION share/nazar/web)
install(FILES ${NAZAR_FONTS}/Vazirmatn-Regular.woff2 ${NAZAR_FONTS}/Vazirmatn-Bold.woff2
        DESTINATION share/nazar/fonts)
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION share/doc/nazar)
install(FILES ${NAZAR_DEBIAN}/nazar.service DESTINATION /lib/systemd/system)
install(FILES ${NAZAR_DEBIAN}/nazar.env DESTINATION /etc/nazar)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME nazar)
set(CPACK_PACKAGE_VENDOR "Nazar contributors")
set(CPACK_PACKAGE_CONTACT "Nazar maintainers <nazar@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Open-source experience management server (web app and API)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "passwd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${NAZAR_DEBIAN}/postinst ${NAZAR_DEBIAN}/prerm ${NAZAR_DEBIAN}/postrm
    ${NAZAR_DEBIAN}/conffiles)
# Packaging needs only the nazar target (`make package` builds it), not every test binary.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
include(CPack)
