#include "storage/blob_files.hpp"

#include <fstream>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "storage/test_paths.hpp"

namespace espresso::storage {
namespace {

Bytes filled(std::size_t size, std::uint8_t value) {
  return Bytes(size, value);
}

std::filesystem::path file_at(const BlobFiles& blobs, std::uint64_t height) {
  return blobs.dir() / std::to_string(height / 4096) / (std::to_string(height) + ".blob");
}

TEST(BlobFiles, WritesAndReadsBackPayloadAndShare) {
  TempDir dir;
  BlobFiles blobs(dir.file("blobs"));
  const Bytes payload = filled(100'000, 7);
  const std::optional<Bytes> share = filled(30'000, 9);
  auto written = blobs.write(5, payload, share);
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_EQ(*written, 24u + 100'000 + 30'000);
  auto read = blobs.read(5);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->payload, payload);
  EXPECT_EQ(read->vid_share, share);
}

TEST(BlobFiles, WithoutAShareAndReplacedByAShorterWrite) {
  TempDir dir;
  BlobFiles blobs(dir.file("blobs"));
  ASSERT_TRUE(blobs.write(9000, filled(5000, 1), filled(5000, 2)));
  ASSERT_TRUE(blobs.write(9000, filled(10, 3), std::nullopt));
  auto read = blobs.read(9000);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->payload, filled(10, 3));
  EXPECT_FALSE(read->vid_share.has_value());
  EXPECT_TRUE(std::filesystem::exists(file_at(blobs, 9000)));
}

// tmpfs refuses O_DIRECT: the files go through the page cache there, and read back the same.
TEST(BlobFiles, WritesWhereDirectWritesAreRefused) {
  std::error_code error;
  if (!std::filesystem::is_directory("/dev/shm", error)) GTEST_SKIP() << "no /dev/shm";
  std::string pattern = "/dev/shm/eseq-blobs-XXXXXX";
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const std::filesystem::path dir = pattern;
  {
    BlobFiles blobs(dir / "blobs");
    for (std::uint64_t height : {1u, 2u}) {
      auto written = blobs.write(height, filled(70'000, 4), filled(3, 5));
      ASSERT_TRUE(written) << written.error().message;
      auto read = blobs.read(height);
      ASSERT_TRUE(read) << read.error().message;
      EXPECT_EQ(read->payload, filled(70'000, 4));
      EXPECT_EQ(read->vid_share, filled(3, 5));
    }
  }
  std::filesystem::remove_all(dir, error);
}

TEST(BlobFiles, MissingTruncatedAndForeignFilesAreErrorsNamingTheFile) {
  TempDir dir;
  BlobFiles blobs(dir.file("blobs"));
  auto missing = blobs.read(3);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("3.blob"), std::string::npos) << missing.error().message;

  ASSERT_TRUE(blobs.write(4, filled(1000, 1), std::nullopt));
  std::filesystem::resize_file(file_at(blobs, 4), 500);
  auto truncated = blobs.read(4);
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("4.blob: 500 bytes, its header promises 1000"),
            std::string::npos)
      << truncated.error().message;

  ASSERT_TRUE(blobs.write(6, filled(1000, 1), std::nullopt));
  std::ofstream(file_at(blobs, 6), std::ios::binary) << std::string(1024, 'x');
  auto foreign = blobs.read(6);
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().message.find("not a blob file"), std::string::npos)
      << foreign.error().message;

  std::ofstream(file_at(blobs, 7), std::ios::binary) << "abc";
  auto tiny = blobs.read(7);
  ASSERT_FALSE(tiny);
  EXPECT_NE(tiny.error().message.find("shorter than its header"), std::string::npos)
      << tiny.error().message;
}

TEST(BlobFiles, RemovesEveryHeightAtOrBelowAndKeepsTheRest) {
  TempDir dir;
  BlobFiles blobs(dir.file("blobs"));
  for (std::uint64_t height : {1u, 4095u, 4096u, 5000u, 5001u, 9000u}) {
    ASSERT_TRUE(blobs.write(height, filled(10, 1), std::nullopt));
  }
  std::ofstream(blobs.dir() / "1" / "notes.txt") << "not ours";
  ASSERT_TRUE(blobs.remove_through(5000));
  EXPECT_FALSE(std::filesystem::exists(blobs.dir() / "0"));  // the whole first folder
  for (std::uint64_t height : {4096u, 5000u}) EXPECT_FALSE(blobs.read(height)) << height;
  for (std::uint64_t height : {5001u, 9000u}) EXPECT_TRUE(blobs.read(height)) << height;
  EXPECT_TRUE(std::filesystem::exists(blobs.dir() / "1" / "notes.txt"));
  // Nothing there yet is not an error.
  EXPECT_TRUE(BlobFiles(dir.file("never-written")).remove_through(100));
}

TEST(BlobFiles, FolderSitsNextToTheDatabaseFile) {
  EXPECT_EQ(blob_dir_for("/data/query.sqlite"), std::filesystem::path("/data/query.sqlite.blobs"));
  EXPECT_FALSE(blob_dir_for(":memory:").has_value());
  EXPECT_FALSE(blob_dir_for("").has_value());
}

}  // namespace
}  // namespace espresso::storage
