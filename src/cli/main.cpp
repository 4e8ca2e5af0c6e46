// seqgen command line: one subcommand per job (see cli_*.cpp).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"seqgen: sequence generation with recurrent neural networks (Graves 2013)"};
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const seqgen::Error& e) {
    std::fprintf(stderr, "seqgen: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
