# Settings shared by every WebIpc library target.
function(webipc_configure_library target)
    target_compile_definitions(${target} PRIVATE
        QT_NO_KEYWORDS
        QT_NO_CAST_FROM_ASCII
        QT_NO_CAST_TO_ASCII
        QT_NO_URL_CAST_FROM_STRING
        QT_USE_QSTRINGBUILDER
        QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
        QT_NO_FOREACH)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
        if(WEBIPC_DEVELOPER_MODE)
            target_compile_options(${target} PRIVATE -Werror)
        endif()
    endif()
    set_target_properties(${target} PROPERTIES
        CXX_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON
        VERSION ${PROJECT_VERSION}
        SOVERSION ${PROJECT_VERSION_MAJOR})
    if(WEBIPC_BUILD_STATIC)
        # The export macros of webipcglobal.h and quick.h expand to nothing, for WebIpc and for
        # everything that includes its headers.
        target_compile_definitions(${target} PUBLIC WEBIPC_STATIC)
        set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    endif()
endfunction()

# webipc_export_targets(<target>...): targets Qt made for a library (resource object libraries,
# which a static library's consumers link too), installed with WebIpc's own.
function(webipc_export_targets)
    set_property(GLOBAL APPEND PROPERTY WEBIPC_EXTRA_EXPORT_TARGETS ${ARGN})
endfunction()
