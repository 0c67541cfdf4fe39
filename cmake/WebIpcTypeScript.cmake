# webipc_generate_typescript(<target> OUTPUT <file.d.ts> [DRIFT_TEST <name>] [UPDATE_ON_BUILD])
#
# The TypeScript declarations of an application's IPC channels, made from its C++ registrations
# (IpcMain::typeScriptDeclarations()), kept in the application's source tree and checked there.
# <target> is the application: its main() calls IpcMain::handleTypeScriptRequest() after the
# registrations and returns at once when it says so.
#
#   <target>_typescript   a target that runs <target> to (re)write OUTPUT, only if it changed:
#                         cmake --build build --target <target>_typescript
#   DRIFT_TEST            a CTest test (default <target>_typescript_drift) that fails when
#                         OUTPUT is out of date, and prints what it should read
#   UPDATE_ON_BUILD       also rewrite OUTPUT after every build of <target>
#
# OUTPUT is relative to the current source directory. The application runs with
# QT_QPA_PLATFORM=offscreen: it must not need a display before its registrations.
function(webipc_generate_typescript target)
    cmake_parse_arguments(ARG "UPDATE_ON_BUILD" "OUTPUT;DRIFT_TEST" "" ${ARGN})
    if(NOT ARG_OUTPUT)
        message(FATAL_ERROR "webipc_generate_typescript(${target}): OUTPUT <file.d.ts> is required")
    endif()
    if(ARG_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR
            "webipc_generate_typescript(${target}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
    endif()
    get_filename_component(output "${ARG_OUTPUT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    set(run ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen)

    add_custom_target(${target}_typescript
        COMMAND ${run} WEBIPC_TYPESCRIPT_OUTPUT=${output} $<TARGET_FILE:${target}>
        DEPENDS ${target}
        COMMENT "Writing ${ARG_OUTPUT} from the IPC registrations of ${target}"
        VERBATIM)
    if(ARG_UPDATE_ON_BUILD)
        add_custom_command(TARGET ${target} POST_BUILD
            COMMAND ${run} WEBIPC_TYPESCRIPT_OUTPUT=${output} $<TARGET_FILE:${target}>
            COMMENT "Writing ${ARG_OUTPUT} from the IPC registrations of ${target}"
            VERBATIM)
    endif()

    if(NOT ARG_DRIFT_TEST)
        set(ARG_DRIFT_TEST ${target}_typescript_drift)
    endif()
    add_test(NAME ${ARG_DRIFT_TEST} COMMAND $<TARGET_FILE:${target}>)
    set_tests_properties(${ARG_DRIFT_TEST} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;WEBIPC_TYPESCRIPT_CHECK=${output}"
        TIMEOUT 120)
endfunction()
