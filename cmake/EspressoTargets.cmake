# Helpers that give every library, test, app and benchmark of the project the same settings.

function(eseq_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-align
    -Wmissing-declarations -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # g++ 12 reports a spurious mismatch inside Boost.Asio's coroutine frames (DESIGN.md §3).
    target_compile_options(${target} PRIVATE -Wno-mismatched-new-delete)
  endif()
  if(ESEQ_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# eseq_library(<layer> SOURCES ... [DEPS ...] [TESTS ...] [TEST_DEPS ...])
# Builds the static library eseq_<layer> and, with TESTS, the test binary <layer>_test.
function(eseq_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;TESTS;TEST_DEPS" ${ARGN})
  add_library(eseq_${name} STATIC ${ARG_SOURCES})
  add_library(eseq::${name} ALIAS eseq_${name})
  target_include_directories(eseq_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(eseq_${name} PUBLIC ${ARG_DEPS})
  eseq_warnings(eseq_${name})
  if(ARG_TESTS AND ESEQ_BUILD_TESTS)
    eseq_test(${name}_test SOURCES ${ARG_TESTS} DEPS eseq_${name} ${ARG_TEST_DEPS})
  endif()
endfunction()

# eseq_test(<name> SOURCES ... [DEPS ...]): a GoogleTest (+ RapidCheck) binary registered with ctest.
function(eseq_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main rapidcheck rapidcheck_gtest)
  target_compile_definitions(${name} PRIVATE ESEQ_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    ESEQ_VECTORS_DIR="${PROJECT_SOURCE_DIR}/tests/vectors" ESEQ_BINARY_DIR="${PROJECT_BINARY_DIR}")
  eseq_warnings(${name})
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()

# eseq_app(<binary> SOURCES ... [DEPS ...]): an installed program under apps/.
function(eseq_app name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  eseq_warnings(${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
endfunction()

# eseq_bench(<name> SOURCES ... [DEPS ...]): a benchmark program under bench/.
function(eseq_bench name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  eseq_warnings(${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench)
endfunction()

# Adds every immediate subfolder of the current folder that has a CMakeLists.txt, in the given order
# first (lower layers before higher ones), then any others alphabetically.
function(eseq_add_subfolders)
  set(done "")
  foreach(dir ${ARGN})
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
      add_subdirectory(${dir})
      list(APPEND done ${dir})
    endif()
  endforeach()
  file(GLOB children RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT children)
  foreach(dir ${children})
    if(IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/${dir} AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
      list(FIND done ${dir} seen)
      if(seen EQUAL -1)
        add_subdirectory(${dir})
      endif()
    endif()
  endforeach()
endfunction()

# eseq_fuzz(<name> SOURCES ... [DEPS ...]): a fuzz target, i.e. sources defining
#   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
# With clang and -DESEQ_FUZZ=ON it links libFuzzer (coverage-guided, run by hand). Otherwise it links
# tests/fuzz_driver.cpp, which feeds it seeded random and mutated inputs, and is registered with ctest
# so every decoder of untrusted bytes is exercised by the normal suite.
option(ESEQ_FUZZ "Build fuzz targets with libFuzzer (needs clang)" OFF)
function(eseq_fuzz name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  if(ESEQ_FUZZ)
    add_executable(${name} ${ARG_SOURCES})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  elseif(ESEQ_BUILD_TESTS)
    add_executable(${name} ${ARG_SOURCES} ${PROJECT_SOURCE_DIR}/tests/fuzz_driver.cpp)
    add_test(NAME ${name} COMMAND ${name} --runs 20000 --seed 1)
    set_tests_properties(${name} PROPERTIES TIMEOUT 300)
  else()
    return()
  endif()
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  eseq_warnings(${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz)
endfunction()
