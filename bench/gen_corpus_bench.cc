// Deterministic generator of a full-size CORDIS-shaped corpus, in the bulk-export layout
// (semicolon-separated, every field quoted, objectives with line breaks and quotes):
//   project.csv       60,000 projects with ~1.5 KB objectives
//   organization.csv  ~400,000 participations
// Usage: gen_corpus_bench OUT_DIR [--projects N] [--participations M]
// Same arguments -> byte-identical files (own PRNG; no std:: distributions).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

struct Rng {  // splitmix64: tiny, fast, identical everywhere
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  double Unit() { return (Next() >> 11) * (1.0 / 9007199254740992.0); }
};

const char* kTopical[] = {
    "magnet", "magnets", "rare", "earth", "neodymium", "ndfeb", "recycling", "recycled", "upcycling", "circular",
    "battery", "batteries", "lithium", "cobalt", "catalyst", "catalysis", "hydrogen", "electrolyser", "fuel", "cell",
    "traceability", "passport", "digital", "standardisation", "lca", "critical", "raw", "materials", "mining",
    "extraction", "hydrometallurgy", "pyrometallurgy", "separation", "alloy", "motor", "wind", "turbine", "electric",
    "vehicle", "waste", "weee", "collection", "dismantling", "sorting", "leaching", "solvent", "membrane", "polymer",
    "plastic", "packaging", "textile", "agriculture", "soil", "fertiliser", "phosphorus", "water", "wastewater",
    "biomass", "bioeconomy", "enzyme", "protein", "vaccine", "cancer", "immune", "brain", "neuron", "climate",
    "ocean", "arctic", "satellite", "quantum", "photonics", "semiconductor", "chip", "robot", "artificial",
    "intelligence", "learning", "data", "cloud", "security", "privacy", "health", "ageing", "city", "mobility",
    "transport", "aviation", "maritime", "energy", "solar", "photovoltaic", "grid", "storage", "building",
    "heritage", "culture", "migration", "democracy", "education", "skills", "sme", "cluster", "policy", "market"};
constexpr size_t kTopicalN = sizeof(kTopical) / sizeof(kTopical[0]);
const char* kGlue[] = {"the", "of", "and", "to", "in", "for", "with", "a", "on", "by", "from", "at", "as", "will",
                       "this", "that", "an", "be", "are", "which", "its", "their", "new", "novel", "project"};
constexpr size_t kGlueN = sizeof(kGlue) / sizeof(kGlue[0]);
const char* kCountries[] = {"DE", "FR", "IT", "ES", "NL", "BE", "AT", "SE", "FI", "DK", "PL", "PT", "EL", "IE",
                            "CZ", "HU", "RO", "SI", "SK", "HR", "BG", "LT", "LV", "EE", "LU", "CY", "MT", "NO",
                            "CH", "UK", "IL", "TR", "RS", "IS"};
constexpr size_t kCountriesN = sizeof(kCountries) / sizeof(kCountries[0]);
const char* kActivity[] = {"HES", "PRC", "REC", "PUB", "OTH"};
const char* kRoles[] = {"participant", "participant", "participant", "participant", "partner", "thirdParty",
                        "associatedPartner"};

// A synthetic long-tail vocabulary: pronounceable words, Zipf-like use.
std::vector<std::string> MakeVocabulary(Rng& rng, size_t n) {
  static const char* syl[] = {"ka", "lo", "mi", "ne", "ru", "sa", "te", "vi", "zo", "pre", "tra", "con", "dis",
                              "ber", "gan", "hol", "mer", "ster", "lin", "qua", "tor", "val", "xen", "yor"};
  std::vector<std::string> v;
  v.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    std::string w;
    int parts = 2 + static_cast<int>(rng.Below(3));
    for (int p = 0; p < parts; ++p) w += syl[rng.Below(24)];
    v.push_back(w);
  }
  return v;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out += c;
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR [--projects N] [--participations M]\n", argv[0]);
    return 2;
  }
  std::string out = argv[1];
  long projects = 60000, participations = 400000;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string f = argv[i];
    if (f == "--projects") projects = std::atol(argv[i + 1]);
    if (f == "--participations") participations = std::atol(argv[i + 1]);
  }
  std::filesystem::create_directories(out);
  Rng rng{20261126};
  std::vector<std::string> vocab = MakeVocabulary(rng, 40000);
  auto zipf_word = [&]() -> const std::string& {
    double u = rng.Unit();
    size_t idx = static_cast<size_t>(std::pow(vocab.size(), u)) - 1;  // log-uniform ~ Zipf(1)
    return vocab[std::min(idx, vocab.size() - 1)];
  };

  FILE* pf = std::fopen((out + "/project.csv").c_str(), "wb");
  FILE* of = std::fopen((out + "/organization.csv").c_str(), "wb");
  if (!pf || !of) {
    std::perror("open");
    return 1;
  }
  std::fputs("\"id\";\"acronym\";\"status\";\"title\";\"startDate\";\"endDate\";\"totalCost\";\"ecMaxContribution\";"
             "\"legalBasis\";\"topics\";\"ecSignatureDate\";\"frameworkProgramme\";\"masterCall\";\"subCall\";"
             "\"fundingScheme\";\"nature\";\"objective\";\"contentUpdateDate\";\"rcn\";\"grantDoi\"\n",
             pf);
  std::fputs("\"projectID\";\"projectAcronym\";\"organisationID\";\"vatNumber\";\"name\";\"shortName\";\"SME\";"
             "\"activityType\";\"street\";\"postCode\";\"city\";\"country\";\"nutsCode\";\"geolocation\";"
             "\"organizationURL\";\"contactForm\";\"contentUpdateDate\";\"rcn\";\"order\";\"role\";"
             "\"ecContribution\";\"netEcContribution\";\"totalCost\";\"endOfParticipation\";\"active\"\n",
             of);
  const long orgs_pool = 45000;
  long parts_left = participations;
  uint64_t bytes_objective = 0;
  for (long p = 0; p < projects; ++p) {
    long grant = 101000000 + p * 3;
    bool he = p % 5 != 0;
    int year = he ? 2021 + static_cast<int>(rng.Below(5)) : 2014 + static_cast<int>(rng.Below(7));
    int cluster = static_cast<int>(rng.Below(12));  // topical neighbourhood
    std::string acronym;
    for (int k = 0; k < 5; ++k) acronym += static_cast<char>('A' + rng.Below(26));
    acronym += std::to_string(p % 97);
    std::string title;
    for (int k = 0; k < 8; ++k) {
      if (k) title += ' ';
      title += rng.Below(3) ? kTopical[(cluster * 9 + rng.Below(18)) % kTopicalN] : zipf_word();
    }
    std::string obj;
    while (obj.size() < 1400 + rng.Below(250)) {
      uint64_t r = rng.Below(10);
      const std::string w = r < 4 ? std::string(kGlue[rng.Below(kGlueN)])
                            : r < 7 ? std::string(kTopical[(cluster * 9 + rng.Below(24)) % kTopicalN])
                                    : zipf_word();
      obj += w;
      uint64_t punct = rng.Below(40);
      if (punct == 0) obj += ".\n";
      else if (punct == 1) obj += ", \"quoted\"";
      else if (punct == 2) obj += ". ";
      obj += ' ';
    }
    bytes_objective += obj.size();
    std::string topic = he ? "HORIZON-CL" + std::to_string(1 + cluster % 6) + "-" + std::to_string(year) + "-0" +
                                 std::to_string(1 + cluster % 3) + "-" + std::to_string(10 + cluster)
                           : "SC5-" + std::to_string(10 + cluster) + "-" + std::to_string(year);
    char cost[32];
    std::snprintf(cost, sizeof cost, "%ld.%02ld", 500000 + static_cast<long>(rng.Below(15000000)),
                  static_cast<long>(rng.Below(100)));
    std::string status = year + 4 < 2026 ? "CLOSED" : "SIGNED";
    std::string fields[] = {std::to_string(grant), acronym, status, title,
                            std::to_string(year) + "-0" + std::to_string(1 + rng.Below(9)) + "-01",
                            std::to_string(year + 3) + "-12-31", cost, cost,
                            he ? "HORIZON.2." + std::to_string(1 + cluster % 6) : "H2020-EU.3.5.", topic,
                            std::to_string(year) + "-01-15", he ? "HORIZON" : "H2020",
                            he ? "HORIZON-CL" + std::to_string(1 + cluster % 6) + "-" + std::to_string(year) : "H2020-SC5-" + std::to_string(year),
                            topic, he ? "HORIZON-RIA" : "RIA", "", obj, "2025-03-01 10:00:00",
                            std::to_string(200000 + p), "10.3030/" + std::to_string(grant)};
    for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); ++k) {
      if (k) std::fputc(';', pf);
      std::fputs(Quote(fields[k]).c_str(), pf);
    }
    std::fputc('\n', pf);
    long n = projects - p > 0 ? parts_left / (projects - p) : 0;
    n += static_cast<long>(rng.Below(5)) - 2;
    if (n < 1) n = 1;
    if (p == projects - 1) n = parts_left;
    if (n > parts_left) n = parts_left;
    parts_left -= n;
    for (long k = 0; k < n; ++k) {
      long org = 999000000 + static_cast<long>(rng.Below(orgs_pool));
      const char* cc = kCountries[(org * 7) % kCountriesN];
      std::string name = "ORGANISATION " + std::to_string(org % orgs_pool) + " " + vocab[org % vocab.size()];
      std::string role = k == 0 ? "coordinator" : kRoles[rng.Below(7)];
      std::string f2[] = {std::to_string(grant), acronym, std::to_string(org), "", name,
                          "ORG" + std::to_string(org % orgs_pool), rng.Below(3) ? "false" : "true",
                          kActivity[org % 5], "Street 1", std::to_string(1000 + org % 9000), "City", cc, "", "",
                          "", "", "2025-03-01 10:00:00", std::to_string(300000 + p), std::to_string(k + 1), role,
                          "100000", "100000", "120000", "", "true"};
      for (size_t j = 0; j < sizeof(f2) / sizeof(f2[0]); ++j) {
        if (j) std::fputc(';', of);
        std::fputs(Quote(f2[j]).c_str(), of);
      }
      std::fputc('\n', of);
    }
  }
  std::fclose(pf);
  std::fclose(of);
  std::printf("generated %ld projects (mean objective %.0f bytes) and %ld participations in %s\n", projects,
              static_cast<double>(bytes_objective) / projects, participations, out.c_str());
  return 0;
}
