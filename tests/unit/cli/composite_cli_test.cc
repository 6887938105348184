// `corridor regions ...`, `corridor indicators ...` and `corridor index compute` run as a black box.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace corridor::testing {
namespace {

class CompositeCliTest : public CliTest {};

TEST_F(CompositeCliTest, RegionsListDefineAndLoad) {
  CommandResult r = RunProgram(bin_, {"regions", "list", "--level", "2", "--country", "pt"}, dir_);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "PT18\t2\tPT\tAlentejo"));
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 7);  // PT11 PT15 PT16 PT17 PT18 PT20 PT30
  r = Corridor({"regions", "list", "i4-green"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "ES41\t2\tES\tCastilla y León"));
  EXPECT_TRUE(Has(r.out, "iberian-corridor\tIberian raw-materials corridor\tES41+ES61+ES43+PT18"));

  r = Corridor({"regions", "define", "neo-cycle", "magnet-belt", "--name", "Magnet belt", "--members", "DE11,XX99"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "members: XX99 is not a NUTS 2021 code")) << r.err;
  r = Corridor({"regions", "define", "neo-cycle", "magnet-belt", "--name", "Magnet belt", "--members", "DE11,DE12"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = Corridor({"regions", "define", "neo-cycle", "magnet-belt", "--members", "DE11,DE12,DE13"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "updated magnet-belt = DE11+DE12+DE13"));
  r = Corridor({"regions", "interest", "neo-cycle", "magnet-belt", "DE21"});
  ASSERT_EQ(r.code, 0) << r.err;

  std::string geo = dir_.File("fine.geojson");
  WriteFile(geo, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"NUTS_ID":"PT18"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
    {"type":"Feature","properties":{"NUTS_ID":"XX99"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
    {"type":"Feature","properties":{},"geometry":null}]})");
  r = Corridor({"regions", "load", "--geojson", geo});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "1 boundaries stored; 1 not NUTS 2021 codes, skipped (XX99); 1 feature(s)")) << r.out;
  WriteFile(geo, "[1,2]");
  r = Corridor({"regions", "load", "--geojson", geo});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "not a GeoJSON FeatureCollection")) << r.err;
}

TEST_F(CompositeCliTest, ImportThenComputeWithMonteCarlo) {
  std::string csv = dir_.File("hand.csv");
  WriteFile(csv,
            "region,indicator,year,value\nES41,a,2020,10\nES61,a,2020,20\nPT18,a,2020,30\n"
            "ES41,b,2020,5\nES61,b,2020,1\nPT18,b,2020,2\nES43,b,2020,oops\n");
  CommandResult r = Corridor({"indicators", "import", "i4-green", csv, "--lower-better", "b"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "line 8: value \"oops\" of b is not a number")) << r.err;
  r = Corridor({"indicators", "list", "i4-green"});
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;  // header only: nothing imported
  r = Corridor({"indicators", "import", "i4-green", csv, "--lower-better", "b", "--skip-bad-rows"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "imported 6 value(s) of 2 indicator(s)")) << r.out;
  r = Corridor({"indicators", "list", "i4-green"});
  EXPECT_TRUE(Has(r.out, "b\thand\t-1\t3\t3\t2020-2020")) << r.out;

  r = Corridor({"index", "compute", "i4-green", "--year", "2020"});  // the workspace's four regions; ES43 has no data
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "PT18,Alentejo,87.5000,1.0,")) << r.out;
  EXPECT_TRUE(Has(r.err, "ES43")) << r.err;  // left out, said so
  r = Corridor({"index", "compute", "i4-green", "--year", "2020", "--mc-runs", "400", "--seed", "9",
                "--vary-normalise", "minmax,rank", "--format", "md"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "Monte Carlo: 400 runs, seed 9"));
  EXPECT_TRUE(Has(r.out, "## Rank uncertainty"));
  CommandResult again = Corridor({"index", "compute", "i4-green", "--year", "2020", "--mc-runs", "400", "--seed", "9",
                                  "--vary-normalise", "minmax,rank", "--format", "md"});
  EXPECT_EQ(again.out, r.out);  // seeded: reproducible
  std::string out = dir_.File("index.xlsx");
  r = Corridor({"index", "compute", "i4-green", "--year", "2020", "--format", "xlsx", "--out", out});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ReadFile(out).substr(0, 2), "PK");
  r = Corridor({"index", "compute", "i4-green", "--normalise", "log"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "normalise: minmax, zscore, rank or distance")) << r.err;
  r = Corridor({"index", "compute", "i4-green", "--level", "2", "--countries", "XX"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "countries: XX is not a NUTS 2021 country code")) << r.err;
}

}  // namespace
}  // namespace corridor::testing
