#include "cli/cli.hpp"

namespace seqgen {

void cli_sample_register(CLI::App& app) {}

}  // namespace seqgen
