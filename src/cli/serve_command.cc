// `corridor serve`: opens (or creates) the database, loads the demo workspaces on
// first start, makes sure an administrator exists, and serves the web app.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "analytics/discovery_service.h"
#include "cli/commands.h"
#include "core/password.h"
#include "core/strings.h"
#include "storage/demo_data.h"
#include "storage/group_commit.h"
#include "storage/user_store.h"
#include "web/handlers/handlers.h"
#include "web/http_server.h"

namespace corridor::cli {

namespace {

web::HttpServer* g_server = nullptr;  // only for the signal handler

void OnSignal(int) {
  if (g_server) g_server->Stop();
}

// First start: one instance administrator with a generated password (never a fixed one).
// The check and the insert share one write transaction: on SQLite (where the setup lock is
// a no-op) two servers starting together on one file then create it once.
Status EnsureAdmin(storage::Connection& c, std::string* printed) {
  storage::Transaction tx(c);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  storage::UserStore users(c);
  auto n = users.Count();
  if (!n.ok()) return n.status();
  if (*n > 0) return Status::Ok();
  std::string pw = password::Generate();
  auto id = users.Create("admin@localhost", "Administrator", pw, true, true);
  if (!id.ok()) return id.status();
  CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  *printed = pw;
  return Status::Ok();
}

}  // namespace

int RunServe(const Args& a) {
  std::string data = a.Get("data", "data");
  std::error_code ec;
  std::filesystem::create_directories(data, ec);
  auto db = OpenDatabase(a);
  if (!db) return 1;
  std::string first_password;
  // Under the setup lock: instances starting together on one PostgreSQL load the demo and
  // create the first administrator once.
  Status setup = db->WithSetupLock([&](storage::Connection& c) -> Status {
    if (!a.Has("no-demo")) {
      auto demo = storage::LoadDemoWorkspaces(c);
      if (!demo.ok()) return demo.status();
    }
    return EnsureAdmin(c, &first_password);
  });
  if (!setup.ok()) return Fail(setup);
  web::ServerOptions opts;
  std::string listen = a.Get("listen", "127.0.0.1:8080");
  auto colon = listen.rfind(':');
  opts.host = colon == std::string::npos ? listen : listen.substr(0, colon);
  opts.port = colon == std::string::npos ? 8080 : static_cast<int>(strings::ParseInt(listen.substr(colon + 1)).value_or(-1));
  if (opts.port < 0 || opts.port > 65535) return Fail(Status::Invalid("--listen: expected HOST:PORT"));
  if (a.Has("threads")) opts.threads = static_cast<int>(strings::ParseInt(a.Get("threads")).value_or(32));

  analytics::DiscoveryService discovery(*db);
  // Registrations share durable commits where that pays (issue 3: 500/s); outlives the server,
  // drains on exit.
  std::unique_ptr<storage::GroupCommit> registrations;
  if (storage::GroupCommitPays(db->engine())) registrations = std::make_unique<storage::GroupCommit>(*db);
  web::AppContext app{*db, web::AppConfig{}, &discovery, registrations.get()};
  app.config.data_dir = data;
  app.config.secure_cookies = a.Has("secure-cookies");
  // Links in mails point here; by default the address served on.
  app.config.public_url = a.Get("public-url", std::getenv("CORRIDOR_PUBLIC_URL") ? std::getenv("CORRIDOR_PUBLIC_URL") : "");
  for (const std::string& proxy : strings::Split(a.Get("trusted-proxy"), ','))
    if (!strings::Trim(proxy).empty()) app.config.trusted_proxies.push_back(strings::Trim(proxy));
  web::Router router = web::BuildRouter();
  web::HttpServer server(app, router, opts);
  auto port = server.Bind();
  if (!port.ok()) return Fail(port.status());
  g_server = &server;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  discovery.WarmUpAsync();  // build the corpus index in the background
  if (app.config.public_url.empty())
    app.config.public_url = "http://" + (opts.host == "0.0.0.0" ? std::string("localhost") : opts.host) + ":" +
                            std::to_string(*port);
  // Queued mail (registration confirmations) goes out from a background loop; --no-mail leaves
  // it to `corridor mail send` or another instance.
  std::atomic<bool> stop_mail{false};
  web::MailSettings mail = MailSettingsFor(a);
  std::thread mailer;
  if (!a.Has("no-mail")) mailer = std::thread([&] { web::RunDeliveryLoop(*db, mail, stop_mail); });

  std::printf("Corridor is running at http://%s:%d/  (database %s)\n", opts.host.c_str(), *port, db->Describe().c_str());
  if (!first_password.empty())
    std::printf("First start: log in as admin@localhost with the one-time password  %s\n"
                "(you will be asked to choose your own). Lost it? corridor user passwd admin@localhost\n",
                first_password.c_str());
  else
    std::printf("Log in with your account. Forgotten password: corridor user passwd EMAIL --data %s\n", data.c_str());
  std::fflush(stdout);
  if (!a.Has("no-mail")) std::printf("Mail: %s\n", mail.Describe().c_str());
  std::fflush(stdout);
  server.Listen();
  g_server = nullptr;
  stop_mail = true;
  if (mailer.joinable()) mailer.join();
  std::printf("Corridor stopped.\n");
  return 0;
}

}  // namespace corridor::cli
