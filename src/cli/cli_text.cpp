// seqgen train|eval|sample text (§3). Registered by cli_train/eval/sample.
#include "cli/cli.hpp"
#include "core/error.hpp"

namespace seqgen {

void cli_text_eval_register(CLI::App* eval) {}
void cli_text_sample_register(CLI::App* sample) {}

}  // namespace seqgen
