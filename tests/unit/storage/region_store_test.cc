#include "storage/region_store.h"

#include <gtest/gtest.h>

#include "core/embedded_files.h"
#include "storage/demo_data.h"
#include "storage/indicator_store.h"
#include "storage/nuts_reference.h"
#include "storage/workspace_store.h"
#include "storage_fixture.h"
#include "test_support.h"

namespace corridor::storage {
namespace {

TEST(NutsReferenceTest, CountsPerLevelMatchTheGiscoFiles) {
  // shared/data/nuts2021-geojson/SOURCE.md: 2,010 label points, L0 37, L1 125, L2 334, L3 1,514.
  const NutsReference& ref = NutsReference::Builtin();
  EXPECT_EQ(ref.All().size(), 2010u);
  EXPECT_EQ(ref.CountAtLevel(0), 37u);
  EXPECT_EQ(ref.CountAtLevel(1), 125u);
  EXPECT_EQ(ref.CountAtLevel(2), 334u);
  EXPECT_EQ(ref.CountAtLevel(3), 1514u);
  EXPECT_EQ(ref.List(2, "es").size(), 19u);  // 17 autonomous communities + Ceuta + Melilla
}

TEST(NutsReferenceTest, NamesLevelsCountriesAndBoundaries) {
  const NutsReference& ref = NutsReference::Builtin();
  const domain::NutsRegion* r = ref.Find(" es41 ");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->code, "ES41");
  EXPECT_EQ(r->level, 2);
  EXPECT_EQ(r->country, "ES");
  EXPECT_EQ(r->name_latin, "Castilla y León");
  EXPECT_NEAR(r->label_lat, 41.75, 1.0);
  EXPECT_EQ(ref.Find("EL30")->name_latin, "Attiki");  // Greece is EL
  EXPECT_EQ(ref.Find("FR24"), nullptr);               // a NUTS 2013 code
  EXPECT_EQ(ref.Find("XX99"), nullptr);
  EXPECT_NE(ref.Boundary("PT18").find("Polygon\",\"coordinates\":[[["), std::string_view::npos);
  EXPECT_TRUE(ref.Boundary("NO0B").empty());  // label point only (SOURCE.md)
  EXPECT_TRUE(ref.Contains("NO0B"));
}

TEST(NutsReferenceTest, AgreesWithTheSharedCsvWhenPresent) {
  auto dir = corridor::testing::SharedData("nuts2021-geojson");
  if (!dir) GTEST_SKIP() << "../shared/data/nuts2021-geojson is absent";
  std::string csv = corridor::testing::ReadFile((*dir / "nuts2021_regions_from_LB.csv").string());
  size_t lines = 0, found = 0;
  size_t pos = csv.find('\n') + 1;
  while (pos < csv.size()) {
    size_t nl = csv.find('\n', pos);
    std::string line = csv.substr(pos, nl - pos);
    pos = nl == std::string::npos ? csv.size() : nl + 1;
    if (line.empty()) continue;
    ++lines;
    if (NutsReference::Builtin().Contains(line.substr(0, line.find(',')))) ++found;
  }
  // Every code of the CSV is in the reference (a few names span two lines, hence >=).
  EXPECT_GE(lines, 2010u);
  EXPECT_EQ(found, 2010u);
}

class RegionStoreTest : public corridor::testing::StoreTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp());
    ws_ = AddWorkspace(domain::Workspace{0, "corr", "Corridor test", "CORR", "project", "", "", "", {}});
    ASSERT_GT(ws_, 0);
  }
  domain::UserRegion Corridor() {
    domain::UserRegion r;
    r.workspace_id = ws_;
    r.key = "iberian-corridor";
    r.name = " Iberian raw-materials corridor ";
    r.members = {"es41", "ES61", "ES43", "PT18", "ES41"};
    return r;
  }

  int64_t ws_ = 0;
  Actor who_{0, "tester"};
};

TEST_P(RegionStoreTest, LookupNutsAndUserRegions) {
  auto c = db_->Acquire();
  RegionStore store(*c);
  auto es41 = store.Lookup(ws_, "es41");
  ASSERT_TRUE(es41.ok());
  ASSERT_TRUE(es41->has_value());
  EXPECT_EQ((*es41)->name, "Castilla y León");
  EXPECT_EQ((*es41)->level, 2);
  EXPECT_FALSE((*es41)->user_defined);
  EXPECT_FALSE(store.Lookup(ws_, "iberian-corridor")->has_value());

  auto r = Corridor();
  auto id = store.CreateUserRegion(r, who_);
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_EQ(r.name, "Iberian raw-materials corridor");
  EXPECT_EQ(r.members, (std::vector<std::string>{"ES41", "ES61", "ES43", "PT18"}));  // normalised, deduplicated
  auto found = store.Lookup(ws_, "Iberian-Corridor");
  ASSERT_TRUE(found->has_value());
  EXPECT_TRUE((*found)->user_defined);
  EXPECT_EQ((*found)->level, -1);
  EXPECT_EQ((*found)->country, "ES+PT");
  EXPECT_EQ((*found)->members.size(), 4u);

  std::vector<std::string> unknown;
  auto many = store.LookupMany(ws_, {"PT18", "XX99", "iberian-corridor", "FR24"}, &unknown);
  ASSERT_TRUE(many.ok());
  ASSERT_EQ(many->size(), 2u);
  EXPECT_EQ((*many)[1].code, "iberian-corridor");
  EXPECT_EQ(unknown, (std::vector<std::string>{"XX99", "FR24"}));

  // Another workspace does not see it.
  domain::Workspace other{0, "other", "Other", "OTH", "project", "", "", "", {}};
  auto other_id = WorkspaceStore(*c).Create(other, Actor{});
  ASSERT_TRUE(other_id.ok());
  EXPECT_FALSE(store.Lookup(*other_id, "iberian-corridor")->has_value());
}

TEST_P(RegionStoreTest, UserRegionValidationConflictsAndAudit) {
  auto c = db_->Acquire();
  RegionStore store(*c);
  auto bad = Corridor();
  bad.members = {"ES41", "XX99"};
  auto s = store.CreateUserRegion(bad, who_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "members: XX99 is not a NUTS 2021 code");
  bad = Corridor();
  bad.key = "es41";
  EXPECT_NE(store.CreateUserRegion(bad, who_).status().message().find("looks like a NUTS code"), std::string::npos);
  bad = Corridor();
  bad.members.clear();
  EXPECT_EQ(store.CreateUserRegion(bad, who_).status().code(), ErrorCode::kInvalidArgument);

  auto r = Corridor();
  ASSERT_TRUE(store.CreateUserRegion(r, who_).ok());
  auto dup = Corridor();
  EXPECT_EQ(store.CreateUserRegion(dup, who_).status().code(), ErrorCode::kConflict);

  // Update with the current version; then a stale one is refused.
  auto edit = **store.GetUserRegion(ws_, "iberian-corridor");
  edit.members = {"ES41", "PT18"};
  ASSERT_TRUE(store.UpdateUserRegion(edit, who_).ok());
  EXPECT_EQ(edit.version, 2);
  auto stale = r;  // version 1
  stale.name = "Renamed";
  auto st = store.UpdateUserRegion(stale, Actor{0, "someone else"});
  EXPECT_EQ(st.code(), ErrorCode::kConflict);
  EXPECT_NE(st.message().find("tester"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("members"), std::string::npos) << st.message();
  auto audit = AuditStore(*c).ForEntity(kUserRegionEntity, r.id);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].field, "members");  // newest first
  EXPECT_EQ((*audit)[0].old_value, "ES41,ES61,ES43,PT18");
  EXPECT_EQ((*audit)[0].new_value, "ES41,PT18");

  // Deleting drops it from the regions of interest too.
  ASSERT_TRUE(store.SetWorkspaceRegions(ws_, {"iberian-corridor", "ES41"}, who_).ok());
  ASSERT_TRUE(store.DeleteUserRegion(ws_, "iberian-corridor", who_).ok());
  EXPECT_EQ(*store.WorkspaceRegionCodes(ws_), std::vector<std::string>{"ES41"});
  EXPECT_EQ(store.DeleteUserRegion(ws_, "iberian-corridor", who_).code(), ErrorCode::kNotFound);
}

TEST_P(RegionStoreTest, WorkspaceRegionsKeepOrderAndRefuseUnknownCodes) {
  auto c = db_->Acquire();
  RegionStore store(*c);
  ASSERT_TRUE(store.SetWorkspaceRegions(ws_, {"pt18", "ES41", "PT18"}, who_).ok());
  auto list = store.WorkspaceRegions(ws_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].code, "PT18");
  EXPECT_EQ((*list)[0].name, "Alentejo");
  auto bad = store.SetWorkspaceRegions(ws_, {"ES41", "XX99"}, who_);
  EXPECT_EQ(bad.message(), "regions: XX99 is not a NUTS 2021 code or a region of this workspace");
  EXPECT_EQ(store.WorkspaceRegionCodes(ws_)->size(), 2u);  // unchanged
}

TEST_P(RegionStoreTest, DemoLoadGivesI4GreenItsFourRegionsAndACorridor) {
  auto c = db_->Acquire();
  ASSERT_TRUE(LoadDemoWorkspaces(*c).ok());
  auto ws = WorkspaceStore(*c).FindBySlug("i4-green");
  ASSERT_TRUE(ws.ok() && ws->has_value());
  RegionStore store(*c);
  auto codes = store.WorkspaceRegionCodes((*ws)->id);
  ASSERT_TRUE(codes.ok());
  EXPECT_EQ(*codes, (std::vector<std::string>{"ES41", "ES61", "ES43", "PT18"}));
  EXPECT_TRUE(store.GetUserRegion((*ws)->id, "iberian-corridor")->has_value());
  // Loading again changes nothing (and a removed region stays removed).
  ASSERT_TRUE(store.SetWorkspaceRegions((*ws)->id, {"ES41"}, who_).ok());
  ASSERT_TRUE(LoadDemoWorkspaces(*c).ok());
  EXPECT_EQ(store.WorkspaceRegionCodes((*ws)->id)->size(), 1u);
}

TEST_P(RegionStoreTest, ShapesForTheMap) {
  auto c = db_->Acquire();
  RegionStore store(*c);
  auto r = Corridor();
  ASSERT_TRUE(store.CreateUserRegion(r, who_).ok());
  std::vector<std::string> unknown;
  auto geo = store.ShapesGeoJson(ws_, {"ES41", "iberian-corridor", "XX99", "NO0B"}, {}, &unknown);
  ASSERT_TRUE(geo.ok()) << geo.status().message();
  EXPECT_EQ(unknown, std::vector<std::string>{"XX99"});
  auto count = [](const std::string& s, const std::string& needle) {
    size_t n = 0;
    for (size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(*geo, "\"type\":\"Feature\""), 5u);  // ES41 + 4 members; NO0B has no shape
  EXPECT_EQ(count(*geo, "\"member\":"), 4u);
  EXPECT_NE(geo->find("\"member_name\":\"Alentejo\""), std::string::npos);
  // A country drawn at level 2: its NUTS 2 regions.
  auto pt = store.ShapesGeoJson(ws_, {"PT"}, ShapeOptions{true, 2});
  ASSERT_TRUE(pt.ok());
  EXPECT_EQ(count(*pt, "\"type\":\"Feature\""), NutsReference::Builtin().List(2, "PT").size());
}

TEST_P(RegionStoreTest, LoadedBoundariesTakePrecedence) {
  auto c = db_->Acquire();
  RegionStore store(*c);
  std::string square = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}";
  auto summary = store.LoadBoundaries({{"pt18", square}, {"XX99", square}}, "NUTS_RG_01M.geojson", who_);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->stored, 1u);
  EXPECT_EQ(summary->unknown, std::vector<std::string>{"XX99"});
  EXPECT_EQ(*store.Boundary("PT18"), square);
  EXPECT_EQ(*store.LoadedBoundaryCount(), 1);
  EXPECT_NE(store.ShapesGeoJson(ws_, {"PT18"})->find(square), std::string::npos);
  EXPECT_EQ(store.Boundary("ES41")->substr(0, 8), "{\"type\":");  // embedded
}

TEST_P(RegionStoreTest, MigrationMovesTheSettingsRowIntoTheTable) {
  // Databases whose I4-GREEN demo was loaded before migration 0009 keep their regions of interest
  // in the settings row; the migration's INSERT moves them. Run that statement again here.
  auto c = db_->Acquire();
  std::string file = std::string("src/storage/migrations/") + (GetParam() == "postgres" ? "postgres" : "sqlite") +
                     "/0009_regions_indicators.sql";
  std::string sql(embedded::Get(file));
  size_t from = sql.find("INSERT INTO workspace_regions");
  size_t to = sql.find("ON CONFLICT DO NOTHING;", from);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  ASSERT_TRUE(c->Exec("INSERT INTO settings(key, value) VALUES ('workspace:corr:regions', ?)",
                      {std::string(R"([{"nuts_code":"PT18","name":"Alentejo"},{"nuts_code":"es41","name":"x"}])")})
                  .ok());
  ASSERT_TRUE(c->Exec("INSERT INTO settings(key, value) VALUES ('workspace:other:regions', 'not json')").ok());
  auto moved = c->Exec(sql.substr(from, to + 23 - from));
  ASSERT_TRUE(moved.ok()) << moved.status().message();
  EXPECT_EQ(*RegionStore(*c).WorkspaceRegionCodes(ws_), (std::vector<std::string>{"PT18", "ES41"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, RegionStoreTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

}  // namespace
}  // namespace corridor::storage
