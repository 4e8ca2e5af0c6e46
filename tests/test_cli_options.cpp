// Every subcommand and every option of the command line says what it is for:
// a walk over the whole CLI::App the seqgen binary parses with.
#include <gtest/gtest.h>

#include "cli/cli.hpp"

namespace seqgen {
namespace {

std::vector<std::string> help_missing(const CLI::App& app, const std::string& path, int* options) {
  std::vector<std::string> out;
  if (app.get_description().empty()) out.push_back(path);
  for (const CLI::Option* o : app.get_options()) {
    ++*options;
    if (o->get_description().empty()) out.push_back(path + " " + o->get_name());
  }
  for (const CLI::App* s : app.get_subcommands({})) {
    std::vector<std::string> sub = help_missing(*s, path + " " + s->get_name(), options);
    out.insert(out.end(), sub.begin(), sub.end());
  }
  return out;
}

TEST(CliOptions, EveryCommandAndOptionHasHelp) {
  CLI::App app;
  cli_app_setup(app);
  int options = 0;
  std::vector<std::string> missing = help_missing(app, "seqgen", &options);
  std::string list;
  for (auto& m : missing) list += "\n  " + m;
  EXPECT_TRUE(missing.empty()) << "without help:" << list;
  EXPECT_GT(options, 100);  // the walk reached the subcommands' options
}

// Numeric options (FLOAT or INT, the walk's type names) without a declared
// range (cli.hpp kRangeName); whole numbers without a sign (UINT) have their type's.
std::vector<std::string> range_missing(const CLI::App& app, const std::string& path) {
  std::vector<std::string> out;
  for (const CLI::Option* o : app.get_options()) {
    const std::string t = o->get_type_name();
    if (t.rfind("FLOAT", 0) != 0 && t.rfind("INT", 0) != 0) continue;
    try {
      const_cast<CLI::Option*>(o)->get_validator(kRangeName);
    } catch (const CLI::OptionNotFound&) {
      out.push_back(path + " " + o->get_name());
    }
  }
  for (const CLI::App* s : app.get_subcommands({})) {
    std::vector<std::string> sub = range_missing(*s, path + " " + s->get_name());
    out.insert(out.end(), sub.begin(), sub.end());
  }
  return out;
}

TEST(CliOptions, EveryNumericOptionHasARange) {
  CLI::App app;
  cli_app_setup(app);
  std::string list;
  for (auto& m : range_missing(app, "seqgen")) list += "\n  " + m;
  EXPECT_TRUE(list.empty()) << "numeric options without a range:" << list;
  CLI::App bare{"an app", "x"};
  double v = 0;
  bare.add_option("--free", v, "a number");
  EXPECT_EQ(range_missing(bare, "x"), std::vector<std::string>{"x --free"});
}

// The walk finds what it looks for: an option without help in a subcommand.
TEST(CliOptions, TheWalkFindsAnOptionWithoutHelp) {
  CLI::App app{"an app", "x"};
  int v = 0;
  app.add_subcommand("sub", "a subcommand")->add_option("--bare", v);
  int options = 0;
  EXPECT_EQ(help_missing(app, "x", &options), std::vector<std::string>{"x sub --bare"});
}

}  // namespace
}  // namespace seqgen
