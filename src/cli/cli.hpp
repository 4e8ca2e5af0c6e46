// Subcommands of the seqgen command line, one file each.
#pragma once
#include <CLI/CLI.hpp>
#include <string>

namespace seqgen {

void cli_train_register(CLI::App& app);
void cli_eval_register(CLI::App& app);
void cli_sample_register(CLI::App& app);
void cli_write_register(CLI::App& app);
void cli_plot_register(CLI::App& app);
void cli_pack_register(CLI::App& app);
void cli_info_register(CLI::App& app);
void cli_serve_register(CLI::App& app);

// The command line as typed, recorded in the models a command makes.
std::string cli_command_line();

}  // namespace seqgen
