#include "importers/zip_archive.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "test_support.h"
#include "zip_builder.h"

namespace corridor::importers {
namespace {

std::string Sample(size_t n) {
  std::string s;
  s.reserve(n);
  for (size_t i = 0; i < n; ++i) s += static_cast<char>('a' + (i * 7 + i / 13) % 26);
  return s;
}

uint32_t ReadLe32(const std::string& b, size_t at) {
  uint32_t v = 0;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}
void WriteLe32(std::string& b, size_t at, uint32_t v) { std::memcpy(b.data() + at, &v, 4); }

// Rewrites an entry's declared uncompressed size in both the local and central headers,
// the way a zip bomb lies about its content.
void PatchDeclaredSize(std::string& zip, uint32_t size) {
  ASSERT_EQ(ReadLe32(zip, 0), 0x04034b50u);
  WriteLe32(zip, 22, size);
  size_t central = zip.find(std::string("PK\x01\x02", 4));
  ASSERT_NE(central, std::string::npos);
  WriteLe32(zip, central + 24, size);
}

TEST(ZipArchiveTest, ListsEntriesWithSizes) {
  std::string bytes = testing::BuildZip({{"a.csv", "x;y\n1;2\n"}, {"dir/", ""}, {"dir/b.txt", Sample(5000)}});
  Result<ZipArchive> zip = ZipArchive::OpenFromMemory(bytes);
  ASSERT_TRUE(zip.ok()) << zip.status().message();
  ASSERT_EQ(zip->entries().size(), 3u);
  EXPECT_EQ(zip->entries()[0].name, "a.csv");
  EXPECT_EQ(zip->entries()[0].uncompressed_size, 8u);
  EXPECT_FALSE(zip->entries()[0].is_directory);
  EXPECT_TRUE(zip->entries()[1].is_directory);
  EXPECT_EQ(zip->entries()[2].name, "dir/b.txt");
  EXPECT_EQ(zip->entries()[2].uncompressed_size, 5000u);
  EXPECT_LT(zip->entries()[2].compressed_size, 5000u);
  EXPECT_EQ(zip->Find("dir/b.txt"), 2u);
  EXPECT_EQ(zip->Find("b.txt"), std::nullopt);
}

TEST(ZipArchiveTest, ReadsEntriesFully) {
  std::string big = Sample(3 << 20);  // spans several internal read chunks
  std::string bytes = testing::BuildZip({{"small.txt", "hello"}, {"big.txt", big}, {"stored.txt", "raw", true}});
  Result<ZipArchive> zip = ZipArchive::OpenFromMemory(bytes);
  ASSERT_TRUE(zip.ok());
  EXPECT_EQ(*zip->ReadEntry("small.txt"), "hello");
  EXPECT_EQ(*zip->ReadEntry("stored.txt"), "raw");
  Result<std::string> read = zip->ReadEntry("big.txt");
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_TRUE(*read == big);
  Result<std::string> missing = zip->ReadEntry("nope.txt");
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.status().message().find("nope.txt"), std::string::npos);
}

TEST(ZipArchiveTest, OpensFilesOnDisk) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("x.zip"), testing::BuildZip({{"e.txt", "content"}}));
  Result<ZipArchive> zip = ZipArchive::OpenFile(dir.File("x.zip"));
  ASSERT_TRUE(zip.ok()) << zip.status().message();
  EXPECT_EQ(*zip->ReadEntry("e.txt"), "content");

  EXPECT_EQ(ZipArchive::OpenFile(dir.File("missing.zip")).status().code(), ErrorCode::kNotFound);
  testing::WriteFile(dir.File("empty.zip"), "");
  EXPECT_EQ(ZipArchive::OpenFile(dir.File("empty.zip")).status().code(), ErrorCode::kCorrupt);
  testing::WriteFile(dir.File("text.zip"), "this is not a zip file at all");
  Result<ZipArchive> text = ZipArchive::OpenFile(dir.File("text.zip"));
  EXPECT_EQ(text.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(text.status().message().find("text.zip"), std::string::npos);
}

TEST(ZipArchiveTest, StreamsAnEntryInChunks) {
  std::string content = Sample(1 << 20);
  Result<ZipArchive> zip = ZipArchive::OpenFromMemory(testing::BuildZip({{"s.bin", content}}));
  ASSERT_TRUE(zip.ok());
  Result<ZipEntryStream> stream = zip->OpenEntryStream("s.bin");
  ASSERT_TRUE(stream.ok());
  std::string got;
  char buf[4099];
  for (;;) {
    Result<size_t> n = stream->Read(buf, sizeof buf);
    ASSERT_TRUE(n.ok()) << n.status().message();
    if (*n == 0) break;
    got.append(buf, *n);
  }
  EXPECT_TRUE(got == content);
  EXPECT_EQ(stream->bytes_read(), content.size());
  EXPECT_EQ(stream->name(), "s.bin");
  EXPECT_EQ(*stream->Read(buf, sizeof buf), 0u);  // stays at the end
}

TEST(ZipArchiveTest, StreamKeepsItsArchiveAlive) {
  Result<ZipEntryStream> stream = Status::Internal("unset");
  {
    Result<ZipArchive> zip = ZipArchive::OpenFromMemory(testing::BuildZip({{"e.txt", "survives"}}));
    ASSERT_TRUE(zip.ok());
    stream = zip->OpenEntryStream("e.txt");
  }
  ASSERT_TRUE(stream.ok());
  char buf[64];
  Result<size_t> n = stream->Read(buf, sizeof buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(buf, *n), "survives");
}

TEST(ZipArchiveTest, CapIsExactAndNamesTheEntry) {
  Result<ZipArchive> zip = ZipArchive::OpenFromMemory(testing::BuildZip({{"data/x.csv", Sample(1000)}}));
  ASSERT_TRUE(zip.ok());
  EXPECT_TRUE(zip->ReadEntry("data/x.csv", 1000).ok());
  Result<std::string> over = zip->ReadEntry("data/x.csv", 999);
  EXPECT_EQ(over.status().code(), ErrorCode::kTooLarge);
  EXPECT_NE(over.status().message().find("data/x.csv"), std::string::npos) << over.status().message();

  Result<ZipArchive> capped =
      ZipArchive::OpenFromMemory(testing::BuildZip({{"data/x.csv", Sample(1000)}}), ZipOptions{500});
  EXPECT_EQ(capped->ReadEntry("data/x.csv").status().code(), ErrorCode::kTooLarge);
}

TEST(ZipArchiveTest, ZipBombIsStoppedAtTheCap) {
  const uint64_t kBombSize = uint64_t{200} << 20;
  std::string bomb = testing::BuildZeroBomb("zeros.csv", kBombSize);
  EXPECT_LT(bomb.size(), size_t{1} << 20);  // ~200 MB of zeros in a few hundred KB
  Result<ZipArchive> zip = ZipArchive::OpenFromMemory(bomb, ZipOptions{10 << 20});
  ASSERT_TRUE(zip.ok()) << zip.status().message();
  Result<std::string> read = zip->ReadEntry("zeros.csv");
  ASSERT_EQ(read.status().code(), ErrorCode::kTooLarge);
  EXPECT_NE(read.status().message().find("zeros.csv"), std::string::npos);

  // Streaming stops there too, having produced no more than the cap.
  Result<ZipEntryStream> stream = zip->OpenEntryStream("zeros.csv");
  ASSERT_TRUE(stream.ok());
  std::string buf(1 << 20, '\0');
  Status end;
  for (;;) {
    Result<size_t> n = stream->Read(buf.data(), buf.size());
    if (!n.ok()) {
      end = n.status();
      break;
    }
    ASSERT_NE(*n, 0u) << "stream ended without hitting the cap";
  }
  EXPECT_EQ(end.code(), ErrorCode::kTooLarge);
  EXPECT_LE(stream->bytes_read(), (uint64_t{10} << 20) + 1);
  // The failure is sticky.
  EXPECT_EQ(stream->Read(buf.data(), buf.size()).status().code(), ErrorCode::kTooLarge);
}

TEST(ZipArchiveTest, LyingDeclaredSizeIsNotTrusted) {
  std::string zip_bytes = testing::BuildZip({{"liar.txt", std::string(1 << 20, 'z')}});
  PatchDeclaredSize(zip_bytes, 100);
  Result<ZipArchive> zip = ZipArchive::OpenFromMemory(zip_bytes, ZipOptions{4096});
  if (!zip.ok()) {  // libzip may already refuse the inconsistent archive
    EXPECT_EQ(zip.status().code(), ErrorCode::kCorrupt);
    return;
  }
  EXPECT_EQ(zip->entries()[0].uncompressed_size, 100u);
  Result<std::string> read = zip->ReadEntry("liar.txt");
  ASSERT_FALSE(read.ok());
  EXPECT_TRUE(read.status().code() == ErrorCode::kTooLarge || read.status().code() == ErrorCode::kCorrupt)
      << read.status().message();
  // With a generous cap, the length mismatch is reported as corruption.
  Result<std::string> uncapped = zip->ReadEntry("liar.txt", uint64_t{1} << 30);
  EXPECT_EQ(uncapped.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(uncapped.status().message().find("liar.txt declares 100 bytes"), std::string::npos)
      << uncapped.status().message();
}

TEST(ZipArchiveTest, TruncatedOrGarbledArchivesAreCorrupt) {
  std::string good = testing::BuildZip({{"a.txt", Sample(20000)}, {"b.txt", Sample(300)}});
  for (size_t cut : {good.size() - 1, good.size() - 30, good.size() / 2, size_t{40}, size_t{3}}) {
    Result<ZipArchive> zip = ZipArchive::OpenFromMemory(good.substr(0, cut));
    ASSERT_FALSE(zip.ok()) << "cut at " << cut;
    EXPECT_EQ(zip.status().code(), ErrorCode::kCorrupt) << zip.status().message();
  }
  EXPECT_EQ(ZipArchive::OpenFromMemory("").status().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(ZipArchive::OpenFromMemory("PK\x03\x04 garbage").status().code(), ErrorCode::kCorrupt);
}

TEST(ZipArchiveTest, DamagedCompressedDataIsCorrupt) {
  std::string good = testing::BuildZip({{"a.txt", Sample(200000)}});
  std::string bad = good;
  // Flip bytes in the middle of the deflate stream (the local header is 30 + name bytes).
  for (size_t i = 200; i < 260; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x5A);
  Result<ZipArchive> zip = ZipArchive::OpenFromMemory(bad);
  ASSERT_TRUE(zip.ok()) << zip.status().message();  // the directory is intact
  Result<std::string> read = zip->ReadEntry("a.txt");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(read.status().message().find("a.txt"), std::string::npos) << read.status().message();
}

TEST(ZipArchiveTest, StoredEntryWithBadCrcIsCorrupt) {
  std::string bytes = testing::BuildZip({{"s.txt", "stored text", true}});
  size_t at = bytes.find("stored text");
  ASSERT_NE(at, std::string::npos);
  bytes[at] = 'S';
  Result<ZipArchive> zip = ZipArchive::OpenFromMemory(bytes);
  ASSERT_TRUE(zip.ok());
  EXPECT_EQ(zip->ReadEntry("s.txt").status().code(), ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace corridor::importers
