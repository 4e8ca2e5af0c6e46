#include "cli/cli.hpp"

namespace seqgen {

void cli_plot_register(CLI::App& app) {}

}  // namespace seqgen
