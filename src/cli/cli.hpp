// Subcommands of the seqgen command line, one file each.
#pragma once
#include <cmath>
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "core/text_quote.hpp"

namespace seqgen {

// "[min, max]" or "(min, max]".
inline std::string number_range_text(double min, bool strict, double max) {
  return (strict ? "(" : "[") + CLI::detail::to_string(min) + ", " + CLI::detail::to_string(max) + "]";
}

void cli_train_register(CLI::App& app);
void cli_eval_register(CLI::App& app);
void cli_sample_register(CLI::App& app);
void cli_write_register(CLI::App& app);
void cli_plot_register(CLI::App& app);
void cli_pack_register(CLI::App& app);
void cli_info_register(CLI::App& app);
void cli_read_register(CLI::App& app);
void cli_serve_register(CLI::App& app);
void cli_compress_register(CLI::App& app);

// The range of every numeric option, declared with the option: numbers_checked
// (cli_app.cpp) adds to every FLOAT, INT and UINT option the check that it is
// a finite number, or a whole number that fits its type; these add its range.
// Every FLOAT and INT option has one (tests/test_cli_options.cpp walks them).
// A failed check is a usage error naming the flag: exit 2.
inline constexpr const char* kRangeName = "range";

// "" when s is a finite number >= min (> min when strict) and <= max, else what is wrong.
inline std::string number_problem(const std::string& s, double min, bool strict, double max = INFINITY) {
  double v = 0;
  if (!CLI::detail::lexical_cast(s, v) || !std::isfinite(v)) return text_quoted(s) + " is not a finite number";
  if ((strict ? v > min : v >= min) && v <= max) return "";
  const std::string want = std::isfinite(max) ? "in " + number_range_text(min, strict, max)
                                              : (strict ? "more than " : "at least ") + CLI::detail::to_string(min);
  return "must be " + want + ", not " + text_quoted(s);
}

inline CLI::Validator number_check(double min, bool strict, double max = INFINITY) {
  return CLI::Validator([=](std::string& s) { return number_problem(s, min, strict, max); },
                        std::isfinite(max) ? number_range_text(min, strict, max)
                                           : (strict ? "> " : ">= ") + CLI::detail::to_string(min),
                        kRangeName);
}

// min..max, both included.
inline CLI::Validator number_range(double min, double max) { return number_check(min, false, max); }

// One number, or a comma-separated list of them (one per line).
inline CLI::Validator number_list_check(double min, bool strict, double max = INFINITY) {
  return CLI::Validator(
      [=](std::string& s) -> std::string {
        std::string item;
        for (size_t i = 0; i <= s.size(); ++i) {
          if (i < s.size() && s[i] != ',') {
            item += s[i];
            continue;
          }
          if (std::string p = number_problem(item, min, strict, max); !p.empty()) return p;
          item.clear();
        }
        return "";
      },
      "NUMBER[,NUMBER...]", kRangeName);
}

inline const CLI::Validator kNonNegative = number_check(0, false);
inline const CLI::Validator kPositive = number_check(0, true);

// A picture to the file `out` (its extension names the format), or with out
// "-" as SVG to standard output: drawn into a private temporary (mkstemp in a
// folder of its own) first, so that an error leaves nothing half-written.
void picture_output(const std::string& out, const std::function<void(const std::string& path)>& draw);
// "out.svg", or "SVG to standard output" for "-".
std::string picture_name(const std::string& out);
inline constexpr const char* kPictureHelp = "image: .svg, .png or .pdf; - = SVG on standard output";

// Every subcommand, the version and the help flags (cli_app.cpp).
void cli_app_setup(CLI::App& app);

// The command line as typed, recorded in the models a command makes.
std::string cli_command_line();
void cli_command_line_set(int argc, const char* const* argv);

}  // namespace seqgen
