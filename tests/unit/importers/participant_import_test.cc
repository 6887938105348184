#include "importers/participant_import.h"

#include <gtest/gtest.h>

#include "storage/event_store.h"
#include "storage/workspace_store.h"
#include "test_support.h"
#include "zip_builder.h"

namespace corridor::importers::participants {
namespace {

// A one-sheet workbook of inline strings (enough for the reader).
std::string Workbook(const std::vector<std::vector<std::string>>& rows) {
  const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
  std::string data;
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string r = std::to_string(i + 1);
    data += "<row r=\"" + r + "\">";
    for (size_t j = 0; j < rows[i].size(); ++j)
      if (!rows[i][j].empty())
        data += "<c r=\"" + std::string(1, static_cast<char>('A' + j)) + r + "\" t=\"inlineStr\"><is><t>" + rows[i][j] +
                "</t></is></c>";
    data += "</row>";
  }
  std::vector<testing::ZipFixtureEntry> e;
  e.push_back({"[Content_Types].xml", "<Types/>"});
  e.push_back({"_rels/.rels", "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
                                  "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"});
  e.push_back({"xl/workbook.xml", "<workbook xmlns=\"" + ns + "\" xmlns:r=\"" + rel +
                                      "\"><sheets><sheet name=\"Participants\" sheetId=\"1\" r:id=\"rId5\"/></sheets>"
                                      "</workbook>"});
  e.push_back({"xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId5\" Type=\"" +
                                                 rel + "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"});
  e.push_back({"xl/worksheets/sheet1.xml",
               "<worksheet xmlns=\"" + ns + "\"><sheetData>" + data + "</sheetData></worksheet>"});
  return testing::BuildZip(e);
}

TEST(ParticipantFile, CsvHeadersAreMappedAndLinesKept) {
  std::string csv =
      "Full name,Affiliation,E-mail address,Country,Stakeholder type,Dietary needs\n"
      "Ana Ruiz,Universidad de Sevilla,ana@example.org,ES,Public and private research organisations,none\n"
      "\n"
      "Ben Olsen,\"Magnets, Inc.\",ben@example.org,DK,,\n";
  auto parsed = ParseFile("participants.csv", csv);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->rows.size(), 2u);
  EXPECT_EQ(parsed->rows[0].name, "Ana Ruiz");
  EXPECT_EQ(parsed->rows[0].organisation, "Universidad de Sevilla");
  EXPECT_EQ(parsed->rows[0].type, "Public and private research organisations");
  EXPECT_EQ(parsed->rows[0].line, 2);
  EXPECT_EQ(parsed->rows[1].organisation, "Magnets, Inc.");
  EXPECT_EQ(parsed->rows[1].line, 4);  // the blank line counts
  EXPECT_EQ(parsed->mapping.size(), 5u);
}

TEST(ParticipantFile, XlsxIsReadToo) {
  auto parsed = ParseFile("list.xlsx", Workbook({{"Name", "Organisation", "Email"}, {"Cleo", "ECOCastulum", "cleo@example.org"}}));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->rows.size(), 1u);
  EXPECT_EQ(parsed->rows[0].email, "cleo@example.org");
  EXPECT_EQ(parsed->rows[0].line, 2);
}

TEST(ParticipantFile, MissingNameColumnAndWrongFilesAreClearErrors) {
  auto nohead = ParseFile("p.csv", "Who,Where\nAna,Seville\n");
  ASSERT_FALSE(nohead.ok());
  EXPECT_NE(nohead.status().message().find("header: no column for \"name\""), std::string::npos);
  EXPECT_NE(nohead.status().message().find("\"Who\""), std::string::npos);
  EXPECT_FALSE(ParseFile("p.pdf", "%PDF-1.4").ok());
  EXPECT_FALSE(ParseFile("p.xlsx", "not a zip").ok());
}

class ParticipantImportDb : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_db_ = corridor::testing::NewTestDatabase(GetParam(), dir_, "t.db");
    auto db = storage::Database::Open({test_db_.url, false, 10000, test_db_.pg_schema});
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate().ok());
    auto c = db_->Acquire();
    domain::Workspace ws{0, "neo-cycle", "NEO-CYCLE", "NEO-CYCLE", "project", "", "2024-09-01", "", {}};
    ws_ = *storage::WorkspaceStore(*c).Create(ws, storage::Actor{});
    domain::Event e;
    e.workspace_id = ws_;
    e.title = "Clustering event";
    e.start_date = "2025-10-15";
    event_ = *storage::EventStore(*c).Create(e, storage::Actor{});
  }
  void TearDown() override {
    if (db_) corridor::testing::DropTestSchema(*db_, test_db_);
  }
  corridor::testing::TempDir dir_;
  corridor::testing::TestDatabase test_db_;
  std::unique_ptr<storage::Database> db_;
  int64_t ws_ = 0, event_ = 0;
};

TEST_P(ParticipantImportDb, AllOrNothingUnlessSkipping) {
  std::string csv = "Name,Email,Country\nAna,ana@example.org,ES\nBen,ben@@example,DK\nCal,,Spain\n";
  auto c = db_->Acquire();
  auto out = Import(*c, ws_, event_, "list.csv", csv, false, storage::Actor{});
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_FALSE(out->committed);
  ASSERT_EQ(out->errors.size(), 2u);
  EXPECT_EQ(out->errors[0].rfind("list.csv: line 3: email:", 0), 0u) << out->errors[0];
  EXPECT_EQ(out->errors[1].rfind("list.csv: line 4: country:", 0), 0u) << out->errors[1];
  auto n = c->Scalar("SELECT COUNT(*) FROM event_participants WHERE event_id = ?", {event_});
  EXPECT_EQ(std::get<int64_t>(**n), 0);

  out = Import(*c, ws_, event_, "list.csv", csv, true, storage::Actor{});
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->committed);
  EXPECT_EQ(out->added, 1);
  n = c->Scalar("SELECT COUNT(*) FROM event_participants WHERE event_id = ?", {event_});
  EXPECT_EQ(std::get<int64_t>(**n), 1);
  // Again: already present, nothing doubled.
  out = Import(*c, ws_, event_, "list.csv", csv, true, storage::Actor{});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->added, 0);
  EXPECT_EQ(out->already_present, 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, ParticipantImportDb, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

}  // namespace
}  // namespace corridor::importers::participants
