# Installs the built WebIpc into a fresh prefix, then configures, builds and runs the consumer
# project against it with find_package(); then builds it again with add_subdirectory(), with
# WebIpc's libraries static (WEBIPC_BUILD_STATIC), which costs nothing more than a shared build.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "failed (${result}): ${ARGN}\n${out}")
    endif()
endfunction()

run(${CMAKE_COMMAND} --install ${WEBIPC_BUILD_DIR} --prefix ${prefix})

# 1. find_package(WebIpc REQUIRED COMPONENTS WebEngine) against the installed copy.
run(${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR}/consumer -B ${WORK_DIR}/installed -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/installed)
run(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${prefix}/lib:${prefix}/lib64
    ${WORK_DIR}/installed/consumer)

# 2. add_subdirectory() of the source tree, static.
run(${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR}/consumer -B ${WORK_DIR}/subdirectory
    -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release -DWEBIPC_SOURCE_DIR=${WEBIPC_SOURCE_DIR}
    -DWEBIPC_BUILD_STATIC=ON)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/subdirectory --target consumer)
file(GLOB_RECURSE shared_libraries ${WORK_DIR}/subdirectory/webipc/libWebIpc*.so*)
file(GLOB_RECURSE static_libraries ${WORK_DIR}/subdirectory/webipc/libWebIpc*.a)
if(shared_libraries OR NOT static_libraries)
    message(FATAL_ERROR "WEBIPC_BUILD_STATIC built ${shared_libraries} ${static_libraries}")
endif()
run(${WORK_DIR}/subdirectory/consumer)
message(STATUS "packaging: find_package (shared) and add_subdirectory (static) consumers built and ran")
