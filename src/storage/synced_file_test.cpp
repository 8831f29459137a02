#include "storage/synced_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "storage/test_paths.hpp"

namespace espresso::storage {
namespace {

ino_t inode_of(const std::filesystem::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? info.st_ino : 0;
}

Status write_filled(SyncedFileWriter& writer, const std::filesystem::path& path, std::size_t size,
                    std::uint8_t value) {
  const Bytes bytes(size, value);
  const ByteView parts[] = {bytes};
  return writer.write(path, parts);
}

// A retired file becomes the next new one: same inode, the new contents exactly, whether they are
// shorter or longer than the old ones.
TEST(SyncedFileWriter, ARetiredFileIsReusedForTheNextNewOne) {
  TempDir dir;
  const std::filesystem::path folder = dir.file("records");
  SyncedFileWriter writer;
  ASSERT_TRUE(write_filled(writer, folder / "a.record", 70'000, 1));
  const ino_t first = inode_of(folder / "a.record");
  ASSERT_NE(first, 0u);
  ASSERT_TRUE(writer.retire(folder / "a.record"));
  EXPECT_FALSE(std::filesystem::exists(folder / "a.record"));
  ASSERT_TRUE(write_filled(writer, folder / "b.record", 5'000, 2));
  auto read = read_whole_file(folder / "b.record");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(*read, Bytes(5'000, 2));
  // Direct writes may be refused (tmpfs): then the file is new, and nothing else is promised.
  const bool reused = inode_of(folder / "b.record") == first;
  ASSERT_TRUE(writer.retire(folder / "b.record"));
  ASSERT_TRUE(write_filled(writer, folder / "c.record", 90'001, 3));
  read = read_whole_file(folder / "c.record");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(*read, Bytes(90'001, 3));
  if (reused) {
    EXPECT_EQ(inode_of(folder / "c.record"), first);
  }
  // Nothing left behind but the live file.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(folder),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(SyncedFileWriter, SparesAreBoundedAndRetiringAMissingFileIsNoError) {
  TempDir dir;
  const std::filesystem::path folder = dir.file("records");
  SyncedFileWriter writer;
  EXPECT_TRUE(writer.retire(folder / "never-written.record"));
  const std::size_t files = SyncedFileWriter::kMaxSpares + 5;
  for (std::size_t i = 0; i < files; ++i) {
    ASSERT_TRUE(write_filled(writer, folder / (std::to_string(i) + ".record"), 4096, 1));
  }
  for (std::size_t i = 0; i < files; ++i) {
    ASSERT_TRUE(writer.retire(folder / (std::to_string(i) + ".record")));
  }
  EXPECT_LE(std::distance(std::filesystem::directory_iterator(folder),
                          std::filesystem::directory_iterator()),
            static_cast<long>(SyncedFileWriter::kMaxSpares));
}

}  // namespace
}  // namespace espresso::storage
