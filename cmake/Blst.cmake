# blst (supranational) built from the sources that scripts/setup.sh fetched and verified
# (npm package c-kzg, pinned version and SHA-512). Only its portable server build is used.
set(ESEQ_BLST_DIR "${PROJECT_SOURCE_DIR}/.deps/c-kzg-4.1.0/deps/blst" CACHE PATH "blst source folder")
if(NOT EXISTS "${ESEQ_BLST_DIR}/bindings/blst.hpp" OR NOT EXISTS "${ESEQ_BLST_DIR}/../../.verified")
  message(FATAL_ERROR "blst sources not found in ${ESEQ_BLST_DIR}: run scripts/setup.sh first")
endif()
add_library(blst STATIC "${ESEQ_BLST_DIR}/src/server.c" "${ESEQ_BLST_DIR}/build/assembly.S")
target_compile_definitions(blst PRIVATE __BLST_PORTABLE__)
target_compile_options(blst PRIVATE -fno-builtin -fPIC -O2 -w)
# SYSTEM: warnings inside blst's headers are not ours to fix.
target_include_directories(blst SYSTEM PUBLIC "${ESEQ_BLST_DIR}/bindings")
