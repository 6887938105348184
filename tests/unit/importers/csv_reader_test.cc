#include "importers/csv_reader.h"

#include <gtest/gtest.h>

#include <ctime>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "importers/zip_archive.h"
#include "test_support.h"
#include "zip_builder.h"

namespace corridor::importers {
namespace {

using Fields = std::vector<std::string>;

struct Parsed {
  std::vector<Fields> records;
  std::vector<int64_t> lines;
  Status status;  // the error that ended the read, if any
  char delimiter = 0;
  int64_t converted = 0;
};

Parsed ReadAll(CsvReader& reader) {
  Parsed out;
  CsvRecord rec;
  for (;;) {
    Result<bool> more = reader.Next(&rec);
    if (!more.ok()) {
      out.status = more.status();
      break;
    }
    if (!*more) break;
    out.records.push_back(rec.fields);
    out.lines.push_back(rec.line);
  }
  out.delimiter = reader.delimiter();
  out.converted = reader.converted_fields();
  return out;
}

Parsed Parse(const std::string& data, CsvOptions opts = {}) {
  return ReadAll(*CsvReader::FromString(data, opts));
}

// Feeds data in chunks of the given sizes (cycling), to exercise every block boundary.
Parsed ParseChunked(const std::string& data, std::vector<size_t> chunk_sizes, CsvOptions opts = {}) {
  auto offset = std::make_shared<size_t>(0);
  auto turn = std::make_shared<size_t>(0);
  ChunkSource source = [data, chunk_sizes, offset, turn](char* buf, size_t cap) -> Result<size_t> {
    size_t n = std::min({cap, chunk_sizes[(*turn)++ % chunk_sizes.size()], data.size() - *offset});
    std::memcpy(buf, data.data() + *offset, n);
    *offset += n;
    return n;
  };
  return ReadAll(*CsvReader::FromSource(source, opts));
}

TEST(CsvReaderTest, ReadsSimpleCommaSeparatedRecords) {
  Parsed p = Parse("id,name\n1,Alpha\n2,Beta\n");
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  EXPECT_EQ(p.delimiter, ',');
  EXPECT_EQ(p.records, (std::vector<Fields>{{"id", "name"}, {"1", "Alpha"}, {"2", "Beta"}}));
  EXPECT_EQ(p.lines, (std::vector<int64_t>{1, 2, 3}));
}

TEST(CsvReaderTest, DetectsSemicolonAndTab) {
  EXPECT_EQ(Parse("\"projectID\";\"topic\";\"title\"\n\"1\";\"T\";\"x, y\"\n").delimiter, ';');
  Parsed tab = Parse("a\tb\tc\n1\t2\t3\n");
  EXPECT_EQ(tab.delimiter, '\t');
  EXPECT_EQ(tab.records[1], (Fields{"1", "2", "3"}));
}

TEST(CsvReaderTest, DetectionIgnoresDelimitersInsideQuotes) {
  // Two commas inside the quoted header, one semicolon outside: ';' wins.
  Parsed p = Parse("\"a,b,c\";d\n1;2\n");
  EXPECT_EQ(p.delimiter, ';');
  EXPECT_EQ(p.records[0], (Fields{"a,b,c", "d"}));
}

TEST(CsvReaderTest, ExplicitDelimiterOverridesDetection) {
  CsvOptions opts;
  opts.delimiter = '|';
  Parsed p = Parse("a;b|c\n", opts);
  EXPECT_EQ(p.delimiter, '|');
  EXPECT_EQ(p.records[0], (Fields{"a;b", "c"}));
}

TEST(CsvReaderTest, RejectsQuoteOrLineBreakAsDelimiter) {
  CsvOptions opts;
  opts.delimiter = '"';
  Parsed p = Parse("a,b\n", opts);
  EXPECT_EQ(p.status.code(), ErrorCode::kInvalidArgument);
}

TEST(CsvReaderTest, StripsUtf8Bom) {
  Parsed p = Parse("\xEF\xBB\xBFid;name\n1;x\n");
  EXPECT_EQ(p.delimiter, ';');
  EXPECT_EQ(p.records[0][0], "id");
  EXPECT_EQ(p.lines[0], 1);
  EXPECT_EQ(p.converted, 0);
}

TEST(CsvReaderTest, HandlesCrLfAndLoneCr) {
  Parsed crlf = Parse("a,b\r\n1,2\r\n3,4\r\n");
  EXPECT_EQ(crlf.records, (std::vector<Fields>{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(crlf.lines, (std::vector<int64_t>{1, 2, 3}));
  Parsed cr = Parse("a,b\r1,2\r3,4");
  EXPECT_EQ(cr.records, crlf.records);
  EXPECT_EQ(cr.lines, (std::vector<int64_t>{1, 2, 3}));
}

TEST(CsvReaderTest, QuotedFieldsWithDelimitersQuotesAndLineBreaks) {
  std::string data =
      "id;objective;x\n"
      "1;\"Reduce CO2; improve \"\"yield\"\"\nsecond line\r\nthird line\";z\n"
      "2;\"\";\"\"\"\"\n";
  Parsed p = Parse(data);
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[1], (Fields{"1", "Reduce CO2; improve \"yield\"\nsecond line\r\nthird line", "z"}));
  EXPECT_EQ(p.records[2], (Fields{"2", "", "\""}));
  // The record after a three-line field starts on physical line 5.
  EXPECT_EQ(p.lines, (std::vector<int64_t>{1, 2, 5}));
}

TEST(CsvReaderTest, TrailingEmptyFieldAndMissingFinalNewline) {
  EXPECT_EQ(Parse("a,b,\n1,2,\n").records, (std::vector<Fields>{{"a", "b", ""}, {"1", "2", ""}}));
  EXPECT_EQ(Parse("a,b\n1,2").records, (std::vector<Fields>{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Parse("a,b\n1,").records, (std::vector<Fields>{{"a", "b"}, {"1", ""}}));
  EXPECT_EQ(Parse("a,b\n1,\"q\"").records, (std::vector<Fields>{{"a", "b"}, {"1", "q"}}));
  EXPECT_EQ(Parse("a,b\n\"\",\"\"").records, (std::vector<Fields>{{"a", "b"}, {"", ""}}));
}

TEST(CsvReaderTest, SkipsBlankLinesButCountsThem) {
  Parsed p = Parse("a,b\n\n1,2\r\n\r\n\r\n3,4\n\n");
  EXPECT_EQ(p.records, (std::vector<Fields>{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(p.lines, (std::vector<int64_t>{1, 3, 6}));
}

TEST(CsvReaderTest, EmptyInputHasNoRecords) {
  EXPECT_TRUE(Parse("").records.empty());
  EXPECT_TRUE(Parse("\xEF\xBB\xBF").records.empty());
  EXPECT_TRUE(Parse("\n\r\n").records.empty());
  EXPECT_TRUE(ParseChunked("", {1}).status.ok());
}

TEST(CsvReaderTest, StrayQuotesAreKeptLiterally) {
  Parsed p = Parse("name,size\nThe \"Best\" GmbH,12\" pipe\n");
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  EXPECT_EQ(p.records[1], (Fields{"The \"Best\" GmbH", "12\" pipe"}));
  // Text after a closing quote is appended, as Python's csv module does.
  EXPECT_EQ(Parse("\"ab\"cd,e\n").records[0], (Fields{"abcd", "e"}));
}

TEST(CsvReaderTest, UnterminatedQuoteNamesItsStartingLine) {
  Parsed p = Parse("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n");
  EXPECT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.status.code(), ErrorCode::kCorrupt);
  EXPECT_EQ(p.status.message(), "line 3: unterminated quoted field starting here");
}

TEST(CsvReaderTest, ErrorsAreSticky) {
  auto reader = CsvReader::FromString("\"open");
  CsvRecord rec;
  Result<bool> first = reader->Next(&rec);
  ASSERT_FALSE(first.ok());
  Result<bool> second = reader->Next(&rec);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().message(), first.status().message());
}

TEST(CsvReaderTest, FieldOverMaxBytesIsAnErrorNamingTheLine) {
  CsvOptions opts;
  opts.max_field_bytes = 10;
  Parsed ok = Parse("a,b\n0123456789,x\n", opts);
  EXPECT_TRUE(ok.status.ok());
  Parsed unquoted = Parse("a,b\n1,2\n01234567890,x\n", opts);
  EXPECT_EQ(unquoted.status.code(), ErrorCode::kTooLarge);
  EXPECT_EQ(unquoted.status.message().rfind("line 3: ", 0), 0u) << unquoted.status.message();
  Parsed quoted = Parse("a,b\n\"0123\n456789\"\"\",x\n", opts);
  EXPECT_EQ(quoted.status.code(), ErrorCode::kTooLarge);
  EXPECT_EQ(quoted.status.message().rfind("line 2: ", 0), 0u) << quoted.status.message();
}

TEST(CsvReaderTest, TooManyFieldsIsAnError) {
  CsvOptions opts;
  opts.max_record_fields = 3;
  EXPECT_TRUE(Parse("a,b,c\n1,2,3\n", opts).status.ok());
  Parsed p = Parse("a,b,c\n1,2,3,4\n", opts);
  EXPECT_EQ(p.status.code(), ErrorCode::kTooLarge);
  EXPECT_EQ(p.status.message().rfind("line 2: ", 0), 0u) << p.status.message();
  EXPECT_EQ(Parse("a,b,c,\n", opts).status.code(), ErrorCode::kTooLarge);  // the trailing empty field counts
}

TEST(CsvReaderTest, ConvertsWindows1252FieldsAndCountsThem) {
  Parsed p = Parse("name;city\nSoci\xE9t\xE9 G\xE9n\xE9rale;Li\xE8ge\nSociété;Liège\n\x80 5;x\n");
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  EXPECT_EQ(p.records[1], (Fields{"Société Générale", "Liège"}));
  EXPECT_EQ(p.records[2], (Fields{"Société", "Liège"}));
  EXPECT_EQ(p.records[3][0], "€ 5");
  EXPECT_EQ(p.converted, 3);
}

TEST(CsvReaderTest, Utf8SplitAcrossBlocksIsNotConverted) {
  std::string data = "a;b\n\"Université\";Zürich\n";
  Parsed p = ParseChunked(data, {1});
  EXPECT_EQ(p.records[1], (Fields{"Université", "Zürich"}));
  EXPECT_EQ(p.converted, 0);
}

TEST(CsvReaderTest, ChunkBoundariesDoNotChangeTheResult) {
  // Random inputs over an alphabet full of special characters, read whole and in tiny chunks.
  std::mt19937 rng(42);
  const std::string alphabet[] = {"a", "b", ",", ";", "\"", "\"\"", "\n", "\r", "\r\n", "\xC3\xA9", "\xE9", " "};
  for (int round = 0; round < 400; ++round) {
    std::string data;
    int len = static_cast<int>(rng() % 60);
    for (int i = 0; i < len; ++i) data += alphabet[rng() % std::size(alphabet)];
    for (CsvOptions opts : {CsvOptions{}, CsvOptions{',', 8, 5, 0}}) {
      Parsed whole = Parse(data, opts);
      for (std::vector<size_t> chunks : {std::vector<size_t>{1}, {2, 3}, {7, 1, 4}}) {
        Parsed parts = ParseChunked(data, chunks, opts);
        ASSERT_EQ(parts.records, whole.records) << "input: " << ::testing::PrintToString(data);
        ASSERT_EQ(parts.lines, whole.lines) << "input: " << ::testing::PrintToString(data);
        ASSERT_EQ(parts.status.message(), whole.status.message()) << ::testing::PrintToString(data);
        ASSERT_EQ(parts.converted, whole.converted);
      }
    }
  }
}

TEST(CsvReaderTest, CrLfSplitAcrossBlocksInsideQuotes) {
  std::string data = "a,b\n\"x\r\ny\",1\n2,3\n";
  for (size_t chunk = 1; chunk <= data.size(); ++chunk) {
    Parsed p = ParseChunked(data, {chunk});
    ASSERT_EQ(p.records, (std::vector<Fields>{{"a", "b"}, {"x\r\ny", "1"}, {"2", "3"}})) << chunk;
    ASSERT_EQ(p.lines, (std::vector<int64_t>{1, 2, 4})) << chunk;
  }
}

TEST(CsvReaderTest, SourceErrorsPropagate) {
  int calls = 0;
  auto reader = CsvReader::FromSource([&calls](char* buf, size_t cap) -> Result<size_t> {
    if (calls++ == 0) {
      std::memcpy(buf, "a,b\n1,2\n3,", 10);
      return size_t{10};
    }
    return Status::Io("disk on fire");
  });
  Parsed p = ReadAll(*reader);
  EXPECT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.status.code(), ErrorCode::kIo);
  EXPECT_EQ(p.status.message(), "disk on fire");
}

TEST(CsvReaderTest, ReusesTheCallersRecord) {
  auto reader = CsvReader::FromString("a,b,c\n1\n");
  CsvRecord rec;
  ASSERT_TRUE(*reader->Next(&rec));
  EXPECT_EQ(rec.fields.size(), 3u);
  ASSERT_TRUE(*reader->Next(&rec));
  EXPECT_EQ(rec.fields, (Fields{"1"}));
  EXPECT_EQ(rec.line, 2);
  EXPECT_FALSE(*reader->Next(&rec));
  EXPECT_FALSE(*reader->Next(&rec));  // stays at end
  EXPECT_EQ(reader->records_read(), 2);
}

TEST(CsvReaderTest, OpenFileReadsFromDisk) {
  testing::TempDir dir;
  std::string path = dir.File("t.csv");
  testing::WriteFile(path, "\xEF\xBB\xBF\"id\";\"v\"\r\n\"1\";\"a\nb\"\r\n");
  Result<std::unique_ptr<CsvReader>> reader = CsvReader::OpenFile(path);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  Parsed p = ReadAll(**reader);
  EXPECT_EQ(p.records, (std::vector<Fields>{{"id", "v"}, {"1", "a\nb"}}));
  EXPECT_EQ(p.delimiter, ';');

  Result<std::unique_ptr<CsvReader>> missing = CsvReader::OpenFile(dir.File("missing.csv"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kIo);
  EXPECT_NE(missing.status().message().find("missing.csv"), std::string::npos);
}

TEST(CsvReaderTest, StreamsFromAZipEntry) {
  std::string csv = "projectID;title\n";
  for (int i = 0; i < 20000; ++i) csv += std::to_string(100000 + i) + ";\"Title " + std::to_string(i) + "\"\n";
  std::string bytes = testing::BuildZip({{"project.csv", csv}});
  Result<ZipArchive> zip = ZipArchive::OpenFromMemory(bytes);
  ASSERT_TRUE(zip.ok()) << zip.status().message();
  Result<std::unique_ptr<CsvReader>> reader = CsvReader::FromZipEntry(*zip, "project.csv");
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  Parsed p = ReadAll(**reader);
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  ASSERT_EQ(p.records.size(), 20001u);
  EXPECT_EQ(p.records[20000], (Fields{"119999", "Title 19999"}));
  EXPECT_EQ(p.lines.back(), 20001);

  EXPECT_EQ(CsvReader::FromZipEntry(*zip, "nope.csv").status().code(), ErrorCode::kNotFound);
}

TEST(CsvReaderTest, ZipEntryOverItsCapFailsWhileStreaming) {
  std::string csv(100000, 'x');
  Result<ZipArchive> zip = ZipArchive::OpenFromMemory(testing::BuildZip({{"big.csv", csv}}), ZipOptions{5000});
  ASSERT_TRUE(zip.ok());
  Result<std::unique_ptr<CsvReader>> reader = CsvReader::FromZipEntry(*zip, "big.csv");
  ASSERT_TRUE(reader.ok());
  Parsed p = ReadAll(**reader);
  EXPECT_EQ(p.status.code(), ErrorCode::kTooLarge);
  EXPECT_NE(p.status.message().find("big.csv"), std::string::npos);
}
TEST(HeaderIndexTest, FindsColumnsByAnyNameCaseInsensitively) {
  HeaderIndex header({"projectID", " Acronym ", "ecMaxContribution", "id", "ACRONYM"});
  EXPECT_EQ(header.size(), 5u);
  EXPECT_EQ(header.Find({"project_id", "projectid", "id"}), 0u);  // first matching name wins
  EXPECT_EQ(header.Find({"id", "projectID"}), 3u);
  EXPECT_EQ(header.Find("acronym"), 1u);  // trimmed; the first duplicate wins
  EXPECT_EQ(header.Find("ECMAXCONTRIBUTION"), 2u);
  EXPECT_EQ(header.Find({"totalCost", "total_cost"}), std::nullopt);
  EXPECT_EQ(header.name(1), " Acronym ");
  EXPECT_EQ(HeaderIndex().Find("x"), std::nullopt);
}

TEST(CsvRealDataTest, HorizonTopicsHas15341Rows) {
  CORRIDOR_REQUIRE_SHARED(dir, "cordis-horizon-europe-reference");
  Result<std::unique_ptr<CsvReader>> reader = CsvReader::OpenFile((dir / "topics.csv").string());
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  CsvRecord rec;
  ASSERT_TRUE(*(*reader)->Next(&rec));
  EXPECT_EQ((*reader)->delimiter(), ';');
  HeaderIndex header(rec.fields);
  std::optional<size_t> id = header.Find({"project_id", "projectID"});
  std::optional<size_t> topic = header.Find({"topic"});
  ASSERT_TRUE(id && topic);
  int64_t rows = 0;
  bool neo_cycle_found = false;
  for (;;) {
    Result<bool> more = (*reader)->Next(&rec);
    ASSERT_TRUE(more.ok()) << more.status().message();
    if (!*more) break;
    ++rows;
    ASSERT_EQ(rec.fields.size(), 3u) << "line " << rec.line;
    ASSERT_EQ(rec.line, rows + 1);  // no embedded line breaks in this file
    if (rec.fields[*id] == "101138058") {
      neo_cycle_found = true;
      EXPECT_EQ(rec.fields[*topic], "HORIZON-CL4-2023-TWIN-TRANSITION-01-42");
    }
  }
  EXPECT_EQ(rows, 15341);
  EXPECT_TRUE(neo_cycle_found);
  EXPECT_EQ((*reader)->converted_fields(), 0);
}

TEST(CsvRealDataTest, HorizonLegalBasisHas20512Rows) {
  CORRIDOR_REQUIRE_SHARED(dir, "cordis-horizon-europe-reference");
  Result<std::unique_ptr<CsvReader>> reader = CsvReader::OpenFile((dir / "legalBasis.csv").string());
  ASSERT_TRUE(reader.ok());
  Parsed p = ReadAll(**reader);
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  ASSERT_EQ(p.records.size(), 20513u);
  EXPECT_EQ(p.records[0], (Fields{"projectID", "legalBasis", "title", "uniqueProgrammePart"}));
  for (const Fields& f : p.records) ASSERT_EQ(f.size(), 4u);
}

}  // namespace
}  // namespace corridor::importers
