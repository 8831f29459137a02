# ctest helper: `utils genesis -` on a genesis file with a bad base_fee must exit non-zero and name
# the section and key in its error.
set(text "base_version = \"0.1\"\nupgrade_version = \"0.2\"\n[stake_table]\ncapacity = 10\n[chain_config]\nchain_id = 1\nmax_block_size = 30000\nbase_fee = \"0.5 wei\"\nfee_recipient = \"0x0000000000000000000000000000000000000000\"\n[header]\ntimestamp = 0\n[l1_finalized]\nnumber = 0\n")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/malformed-genesis.toml "${text}")
execute_process(COMMAND ${UTILS} genesis ${CMAKE_CURRENT_BINARY_DIR}/malformed-genesis.toml
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(code EQUAL 0)
  message(FATAL_ERROR "utils genesis accepted a malformed file:\n${out}")
endif()
if(NOT err MATCHES "\\[chain_config\\] base_fee = \"0.5 wei\"")
  message(FATAL_ERROR "error does not name the bad key:\n${err}")
endif()
