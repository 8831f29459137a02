#pragma once
// Durable home of the consensus persistence records (consensus/persistence.hpp). The driver calls
// append() with a batch of records and sends nothing that depends on them until it returns; load()
// gives back the state after a restart, crash or not. Backends: SQLite here, PostgreSQL later.

#include <memory>
#include <span>
#include <string>

#include "common/result.hpp"
#include "consensus/persistence.hpp"

namespace espresso::storage {

class ConsensusStore {
 public:
  virtual ~ConsensusStore() = default;

  // Applies the records in order (PersistedState::apply semantics) as one atomic step that is on
  // disk when this returns.
  virtual Status append(std::span<const consensus::PersistRecord> records) = 0;

  // The state as of the last successful append (genesis for a fresh store), read from disk.
  virtual Result<consensus::PersistedState> load() = 0;
};

// Opens (creating and migrating if needed) the SQLite database at `path`, synchronous=FULL. One
// process writes a given store (the replica that owns it); it keeps a mirror of the state to apply
// new records to. A proposal persisted twice (same view and leaf) is stored once.
Result<std::unique_ptr<ConsensusStore>> make_sqlite_consensus_store(const std::string& path);

}  // namespace espresso::storage
