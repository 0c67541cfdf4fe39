# Installs the libraries, their headers and a CMake package:
#   find_package(WebIpc REQUIRED COMPONENTS WebEngine)
#   target_link_libraries(app PRIVATE WebIpc::WebEngine)
include(CMakePackageConfigHelpers)

set(WEBIPC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/WebIpc)

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
    DESTINATION ${WEBIPC_CMAKE_DIR})
