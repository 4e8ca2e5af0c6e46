#include "cli/cli.hpp"

namespace seqgen {

void cli_eval_register(CLI::App& app) {}

}  // namespace seqgen
