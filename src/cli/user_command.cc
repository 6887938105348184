// `corridor user ...`: accounts and roles from the command line.
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "core/password.h"
#include "storage/user_store.h"
#include "storage/workspace_store.h"

namespace corridor::cli {

namespace {
std::string PasswordFromArgs(const Args& a, bool* generated) {
  if (a.Has("password-stdin")) {
    std::string pw;
    std::getline(std::cin, pw);
    *generated = false;
    return pw;
  }
  *generated = true;
  return password::Generate();
}
}  // namespace

int RunUserAdd(const Args& a) {
  if (a.positional.size() != 1) return Fail(Status::Invalid("usage: corridor user add EMAIL [--name NAME] [--admin]"));
  auto db = OpenDatabase(a);
  if (!db) return 1;
  bool generated = false;
  std::string pw = PasswordFromArgs(a, &generated);
  auto c = db->Acquire();
  auto id = storage::UserStore(*c).Create(a.positional[0], a.Get("name"), pw, a.Has("admin"), generated);
  if (!id.ok()) return Fail(id.status());
  storage::AuditStore(*c).Record(storage::Actor{0, "cli"}, 0, "user", *id, "create", "email", "", a.positional[0]);
  std::printf("created user %s (id %lld)\n", a.positional[0].c_str(), static_cast<long long>(*id));
  if (generated) std::printf("one-time password: %s  (to be changed at first login)\n", pw.c_str());
  return 0;
}

int RunUserPassword(const Args& a) {
  if (a.positional.size() != 1) return Fail(Status::Invalid("usage: corridor user passwd EMAIL"));
  auto db = OpenDatabase(a);
  if (!db) return 1;
  auto c = db->Acquire();
  storage::UserStore users(*c);
  auto u = users.FindByEmail(a.positional[0]);
  if (!u.ok()) return Fail(u.status());
  if (!*u) return Fail(Status::NotFound("no user " + a.positional[0]));
  bool generated = false;
  std::string pw = PasswordFromArgs(a, &generated);
  if (Status s = users.SetPassword((*u)->id, pw, generated); !s.ok()) return Fail(s);
  storage::AuditStore(*c).Record(storage::Actor{0, "cli"}, 0, "user", (*u)->id, "update", "password", "", "(reset)");
  if (generated) std::printf("one-time password for %s: %s  (to be changed at next login)\n", a.positional[0].c_str(), pw.c_str());
  else std::printf("password set for %s\n", a.positional[0].c_str());
  return 0;
}

int RunUserList(const Args& a) {
  auto db = OpenDatabase(a);
  if (!db) return 1;
  auto c = db->Acquire();
  auto list = storage::UserStore(*c).List();
  if (!list.ok()) return Fail(list.status());
  for (auto& u : *list)
    std::printf("%-32s %-24s %s\n", u.email.c_str(), u.display_name.c_str(), u.is_site_admin ? "instance-admin" : "");
  return 0;
}

int RunUserRole(const Args& a) {
  if (a.positional.size() != 3)
    return Fail(Status::Invalid("usage: corridor user role EMAIL WORKSPACE viewer|editor|admin|none"));
  auto db = OpenDatabase(a);
  if (!db) return 1;
  auto c = db->Acquire();
  storage::UserStore users(*c);
  auto u = users.FindByEmail(a.positional[0]);
  if (!u.ok()) return Fail(u.status());
  if (!*u) return Fail(Status::NotFound("no user " + a.positional[0]));
  auto w = storage::WorkspaceStore(*c).FindBySlug(a.positional[1]);
  if (!w.ok()) return Fail(w.status());
  if (!*w) return Fail(Status::NotFound("no workspace " + a.positional[1]));
  Status s;
  if (a.positional[2] == "none") s = users.RemoveMember((*w)->id, (*u)->id);
  else {
    auto role = domain::ParseRole(a.positional[2]);
    if (!role) return Fail(Status::Invalid("role: viewer, editor, admin or none"));
    s = users.SetRole((*w)->id, (*u)->id, *role);
  }
  if (!s.ok()) return Fail(s);
  storage::AuditStore(*c).Record(storage::Actor{0, "cli"}, (*w)->id, "membership", (*u)->id, "update", "role", "",
                                 a.positional[0] + " = " + a.positional[2]);
  std::printf("%s is now %s in %s\n", a.positional[0].c_str(), a.positional[2].c_str(), a.positional[1].c_str());
  return 0;
}

}  // namespace corridor::cli
