// seqgen command line: one subcommand per job (see cli_*.cpp).
#include <cstdio>
#include <exception>

#include "cli/cli.hpp"
#include "core/error.hpp"

namespace seqgen {
namespace {
std::string g_command;
}
std::string cli_command_line() { return g_command; }
}  // namespace seqgen

int main(int argc, char** argv) {
  // Recorded in models as a command anyone can rerun: "seqgen ...", whatever the binary's path.
  seqgen::g_command = "seqgen";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool quote = a.empty() || a.find_first_of(" \t\"'$\\") != std::string::npos;
    seqgen::g_command += " " + (quote ? "'" + a + "'" : a);
  }
  CLI::App app{"seqgen: sequence generation with recurrent neural networks (Graves 2013)"};
  app.require_subcommand(1);
  seqgen::cli_train_register(app);
  seqgen::cli_eval_register(app);
  seqgen::cli_sample_register(app);
  seqgen::cli_write_register(app);
  seqgen::cli_plot_register(app);
  seqgen::cli_pack_register(app);
  seqgen::cli_info_register(app);
  seqgen::cli_serve_register(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const seqgen::Error& e) {
    std::fprintf(stderr, "seqgen: error: %s\n", e.what());
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "seqgen: error: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "seqgen: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
