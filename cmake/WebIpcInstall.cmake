# Installs the libraries, their headers and a CMake package (only with WEBIPC_INSTALL, which is
# on when WebIpc is the top-level project):
#   find_package(WebIpc REQUIRED COMPONENTS WebEngine)
#   target_link_libraries(app PRIVATE WebIpc::WebEngine)
include(CMakePackageConfigHelpers)

set(WEBIPC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/WebIpc)

# The libraries, with what Qt made for them (a static library's resources are object libraries
# its consumers link).
set(_webipc_libraries webipc_core)
foreach(_library IN ITEMS webipc_webengine webipc_quick webipc_inspector)
    if(TARGET ${_library})
        list(APPEND _webipc_libraries ${_library})
    endif()
endforeach()
get_property(_webipc_extra_targets GLOBAL PROPERTY WEBIPC_EXTRA_EXPORT_TARGETS)
install(TARGETS ${_webipc_libraries} ${_webipc_extra_targets} EXPORT WebIpcTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    OBJECTS DESTINATION ${CMAKE_INSTALL_LIBDIR}/WebIpc-objects)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/core/include/WebIpc
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/src/js/ipc-renderer.d.ts
    DESTINATION ${CMAKE_INSTALL_DATADIR}/WebIpc)
# TypeScript types of require('electron') in preload scripts:
#   npm install <prefix>/share/WebIpc/npm/webipc-electron-types
install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/npm/webipc-electron-types
    DESTINATION ${CMAKE_INSTALL_DATADIR}/WebIpc/npm)
if(TARGET webipc_webengine)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/webengine/include/WebIpc
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    if(WEBIPC_BUILD_STATIC)
        install(FILES ${PROJECT_SOURCE_DIR}/src/webengine/linkwebengine.cpp
            DESTINATION ${CMAKE_INSTALL_DATADIR}/WebIpc)
    endif()
endif()

if(TARGET webipc_inspector)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/inspector/include/WebIpc
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endif()

if(TARGET webipc_quick)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/qml/include/WebIpc
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    install(FILES ${PROJECT_SOURCE_DIR}/qml/linkquickmodule.cpp
        DESTINATION ${CMAKE_INSTALL_DATADIR}/WebIpc)
    # The QML module, where Qt finds QML modules by default or where WEBIPC_INSTALL_QMLDIR says.
    set(WEBIPC_INSTALL_QMLDIR "${CMAKE_INSTALL_LIBDIR}/qt6/qml" CACHE STRING
        "Where the WebIpc QML module is installed (a folder in the QML import path)")
    # The installed plugin finds libWebIpcQuick relative to itself.
    file(RELATIVE_PATH _webipc_plugin_to_lib
        ${CMAKE_INSTALL_PREFIX}/${WEBIPC_INSTALL_QMLDIR}/WebIpc
        ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR})
    set_target_properties(webipc_quickplugin PROPERTIES
        INSTALL_RPATH "$ORIGIN/${_webipc_plugin_to_lib}")
    if(WEBIPC_BUILD_STATIC)
        # A static plugin is part of the package: an application may import it itself.
        install(TARGETS webipc_quickplugin EXPORT WebIpcTargets
            ARCHIVE DESTINATION ${WEBIPC_INSTALL_QMLDIR}/WebIpc)
    else()
        install(TARGETS webipc_quickplugin
            LIBRARY DESTINATION ${WEBIPC_INSTALL_QMLDIR}/WebIpc
            RUNTIME DESTINATION ${WEBIPC_INSTALL_QMLDIR}/WebIpc)
    endif()
    get_target_property(_webipc_qml_output webipc_quick QT_QML_MODULE_OUTPUT_DIRECTORY)
    install(FILES
        ${_webipc_qml_output}/qmldir
        ${_webipc_qml_output}/webipc_quick.qmltypes
        DESTINATION ${WEBIPC_INSTALL_QMLDIR}/WebIpc)
endif()

install(EXPORT WebIpcTargets
    NAMESPACE WebIpc::
    DESTINATION ${WEBIPC_CMAKE_DIR})

configure_package_config_file(
    ${CMAKE_CURRENT_LIST_DIR}/WebIpcConfig.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/WebIpcConfig.cmake
    INSTALL_DESTINATION ${WEBIPC_CMAKE_DIR})

write_basic_package_version_file(
    ${CMAKE_CURRENT_BINARY_DIR}/WebIpcConfigVersion.cmake
    COMPATIBILITY SameMajorVersion)

install(FILES
    ${CMAKE_CURRENT_BINARY_DIR}/WebIpcConfig.cmake
    ${CMAKE_CURRENT_BINARY_DIR}/WebIpcConfigVersion.cmake
    ${CMAKE_CURRENT_LIST_DIR}/WebIpcTypeScript.cmake
    DESTINATION ${WEBIPC_CMAKE_DIR})
