# The application icon in the hicolor theme: the SVG as it is (scalable) and PNGs rendered from it at build
# time by resources/render-icon (Qt's SVG plugin), so the renders never drift from the drawing.
set(KEYDESK_ICON_SVG ${CMAKE_SOURCE_DIR}/resources/icons/org.keydesk.KeyDesk.svg)
install(FILES ${KEYDESK_ICON_SVG} DESTINATION share/icons/hicolor/scalable/apps COMPONENT app)
if(CMAKE_CROSSCOMPILING)
    return()
endif()
add_executable(render-icon resources/render-icon.cpp)
target_link_libraries(render-icon PRIVATE Qt6::Gui)
set(KEYDESK_ICON_PNGS)
foreach(size 48 128 256)
    set(png ${CMAKE_BINARY_DIR}/icons/${size}x${size}/org.keydesk.KeyDesk.png)
    add_custom_command(
        OUTPUT ${png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/icons/${size}x${size}
        COMMAND render-icon ${KEYDESK_ICON_SVG} ${size} ${png}
        DEPENDS render-icon ${KEYDESK_ICON_SVG}
        COMMENT "Rendering the ${size}px application icon")
    list(APPEND KEYDESK_ICON_PNGS ${png})
    install(FILES ${png} DESTINATION share/icons/hicolor/${size}x${size}/apps COMPONENT app)
endforeach()
add_custom_target(app-icons ALL DEPENDS ${KEYDESK_ICON_PNGS})
