// `corridor scoreboard ...` and `corridor s3p list` run as a black box on the demo workspaces.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace corridor::testing {
namespace {

class ScoreboardCliTest : public CliTest {};

TEST_F(ScoreboardCliTest, RoundsScoresCloseCompareExport) {
  CommandResult r = Corridor({"scoreboard", "frameworks", "I4-GREEN"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("innovation-capacity"), std::string::npos);
  EXPECT_NE(r.out.find("CRITICAL"), std::string::npos);

  r = Corridor({"scoreboard", "round", "list", "i4-green"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("closed\ti4-green\tD6.3 regional benchmarking\t20 scores"), std::string::npos) << r.out;

  r = Corridor({"scoreboard", "score", "i4-green", "--round", "Six-monthly update 2025-H2", "--region", "ES43",
                "--dimension", "cluster-maturity", "--value", "developing", "--evidence",
                "A regional cluster formalised in 2025.\\nFirst joint projects.", "--source", "https://example.org/cluster",
                "--source", "RIS3 Extremadura 2027"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("ES43 / cluster-maturity = Developing (3)"), std::string::npos) << r.out;

  r = Corridor({"scoreboard", "score", "i4-green", "--round", "Six-monthly update 2025-H2", "--region", "ES43",
                "--dimension", "cluster-maturity", "--value", "3", "--evidence", "No source given."});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("ES43 / cluster-maturity: sources: at least one source"), std::string::npos) << r.err;
  r = Corridor({"scoreboard", "score", "i4-green", "--round", "D6.3 regional benchmarking", "--region", "ES43",
                "--dimension", "cluster-maturity", "--value", "3", "--evidence", "x", "--source", "ref doc"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("round \"D6.3 regional benchmarking\" was closed on "), std::string::npos) << r.err;

  r = Corridor({"scoreboard", "compare", "i4-green", "D6.3 regional benchmarking", "Six-monthly update 2025-H2"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("1 changed, 0 evidence only, 0 added, 0 removed, 19 unchanged"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ES43\tcluster-maturity\tchanged\tEmerging (2) -> Developing (3)\twhy: A regional cluster "
                       "formalised in 2025. / First joint projects."),
            std::string::npos)
      << r.out;

  r = Corridor({"scoreboard", "round", "close", "i4-green", "Six-monthly update 2025-H2"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = Corridor({"scoreboard", "round", "new", "i4-green", "--title", "After ARMIS", "--date", "2026-05-10", "--event",
                "Autumn Raw Materials Innovation Summit", "--copy-from", "Six-monthly update 2025-H2"});
  ASSERT_EQ(r.code, 0) << r.err;

  std::string md = dir_.File("update.md"), csv = dir_.File("note.csv"), xlsx = dir_.File("update.xlsx");
  r = Corridor({"scoreboard", "export", "i4-green", "--round", "Six-monthly update 2025-H2", "--format", "md", "--out", md});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string text = ReadFile(md);
  EXPECT_NE(text.find("| Cluster ecosystem maturity | Advanced (4) | Developing (3) | Developing (3) | Emerging (2) |"),
            std::string::npos)
      << text.substr(0, 1500);
  EXPECT_NE(text.find("A regional cluster formalised in 2025."), std::string::npos);
  r = Corridor({"scoreboard", "export", "i4-green", "--round", "After ARMIS", "--region", "es43", "--out", csv});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(ReadFile(csv).find("https://example.org/cluster\nRIS3 Extremadura 2027"), std::string::npos);
  r = Corridor({"scoreboard", "export", "i4-green", "--round", "After ARMIS", "--format", "xlsx", "--out", xlsx});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ReadFile(xlsx).substr(0, 2), "PK");
  r = Corridor({"scoreboard", "export", "i4-green", "--round", "After ARMIS", "--region", "FR10", "--out", csv});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("region FR10 is not in round \"After ARMIS\""), std::string::npos) << r.err;
}

TEST_F(ScoreboardCliTest, S3pListWithTheSelectionFilter) {
  CommandResult r = Corridor({"s3p", "list", "neo-cycle", "--regions"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("CRITICAL\tMining\tFI1D7,FI1D3,ES61\t", 0), 0u) << r.out;
  auto filter = r.out.substr(r.out.find("selection filter"));
  EXPECT_NE(filter.find("\nES61\tCRITICAL\tMining (CRITICAL), Advanced Materials for Batteries (VERY HIGH)"), std::string::npos)
      << filter;
}

}  // namespace
}  // namespace corridor::testing
