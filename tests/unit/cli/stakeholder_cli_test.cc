// `corridor stakeholder add|show|erase` and `corridor mail send` run as a black box.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace corridor::testing {
namespace {

class StakeholderCliTest : public CliTest {};

TEST_F(StakeholderCliTest, AddShowErase) {
  CommandResult r = Corridor({"stakeholder", "add", "NEO-CYCLE", "--name", "Grace Hopper", "--email", "Grace@Example.org",
                              "--type", "research-organisations", "--influence", "4", "--interest", "2", "--actor"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string id = r.out.substr(0, r.out.find('\n'));
  r = Corridor({"stakeholder", "show", "neo-cycle", "grace@example.org"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("tier: keep-satisfied"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("actor: yes"), std::string::npos);

  r = Corridor({"stakeholder", "add", "neo-cycle", "--name", "X", "--email", "nope"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("email: not a valid address"), std::string::npos) << r.err;
  r = Corridor({"stakeholder", "add", "neo-cycle", "--name", "X", "--type", "astronauts"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("type: \"astronauts\" is not in the taxonomy"), std::string::npos) << r.err;
  r = Corridor({"stakeholder", "add", "neo-cycle", "--name", "Dup", "--email", "grace@example.org"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("already registered"), std::string::npos) << r.err;

  EXPECT_EQ(Corridor({"stakeholder", "erase", "neo-cycle", id}).code, 1) << "--why is required";
  r = Corridor({"stakeholder", "erase", "neo-cycle", id, "--why", "request by phone"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = Corridor({"stakeholder", "show", "neo-cycle", id});
  EXPECT_NE(r.out.find("status: erased"), std::string::npos);
  EXPECT_EQ(r.out.find("Grace"), std::string::npos) << r.out;
}

TEST_F(StakeholderCliTest, DemoStakeholdersAndMailSendToAFileOutbox) {
  CommandResult r = Corridor({"stakeholder", "show", "neo-cycle", "p.devries@example.org"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("withdrawn"), std::string::npos) << "the demo has one withdrawn consent";
  r = Corridor({"mail", "send", "--mail-dir", dir_.File("outbox")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("0 mail(s) sent"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace corridor::testing
