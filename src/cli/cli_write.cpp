#include "cli/cli.hpp"

namespace seqgen {

void cli_write_register(CLI::App& app) {}

}  // namespace seqgen
