// The seqgen command line as one CLI::App: every subcommand registered, the
// version and help flags (main.cpp parses and reports errors).
#include "cli/cli.hpp"

namespace seqgen {
namespace {
std::string g_command;
}

std::string cli_command_line() { return g_command; }

void cli_command_line_set(int argc, const char* const* argv) {
  // Recorded in models as a command anyone can rerun: "seqgen ...", whatever the binary's path.
  g_command = "seqgen";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool quote = a.empty() || a.find_first_of(" \t\"'$\\") != std::string::npos;
    g_command += " " + (quote ? "'" + a + "'" : a);
  }
}

void cli_app_setup(CLI::App& app) {
  app.description("seqgen: sequence generation with recurrent neural networks (Graves 2013)");
  app.name("seqgen");
  app.require_subcommand(1);
  app.set_version_flag("--version", "seqgen " SEQGEN_VERSION, "print the version and exit");
  app.set_help_flag("-h,--help", "print this help and exit");
  cli_train_register(app);
  cli_eval_register(app);
  cli_sample_register(app);
  cli_write_register(app);
  cli_plot_register(app);
  cli_pack_register(app);
  cli_info_register(app);
  cli_serve_register(app);
}

}  // namespace seqgen
