// The seqgen command line as one CLI::App: every subcommand registered, the
// version and help flags (main.cpp parses and reports errors).
#include <cstdint>
#include <cmath>
#include <charconv>
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
    // Quoted for a POSIX shell: a ' inside becomes '\'' so that pasting the
    // command runs nothing but seqgen.
    bool quote = a.empty() || a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/:=+@%") != std::string::npos;
    std::string q;
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    g_command += " " + (quote ? "'" + q + "'" : a);
  }
}

namespace {

// Every numeric option of every command, in one place: a FLOAT must be finite,
// an INT or UINT must be a whole number that fits (CLI11 would wrap
// 99999999999999999999 around 2^64). Ranges are the options' own checks.
void numbers_checked(CLI::App& app) {
  for (CLI::Option* o : app.get_options()) {
    const std::string t = o->get_type_name();
    const std::string name = o->get_name();
    if (t.rfind("FLOAT", 0) == 0 || t.rfind("INT", 0) == 0 || t.rfind("UINT", 0) == 0) {
      o->check(CLI::Validator(
          [t](std::string& s) -> std::string {
            if (t.rfind("FLOAT", 0) == 0) {
              double v = 0;
              if (!CLI::detail::lexical_cast(s, v) || !std::isfinite(v)) return text_quoted(s) + " is not a finite number";
              return "";
            }
            const char* b = s.data() + (s.size() && s[0] == '+');
            std::from_chars_result r{};
            if (t.rfind("UINT", 0) == 0) {
              uint64_t v = 0;
              r = std::from_chars(b, s.data() + s.size(), v);
            } else {
              int64_t v = 0;
              r = std::from_chars(b, s.data() + s.size(), v);
              if (r.ec == std::errc() && t == "INT" && (v < INT32_MIN || v > INT32_MAX)) r.ec = std::errc::result_out_of_range;
            }
            if (r.ec == std::errc::result_out_of_range) return text_quoted(s) + " is out of range";
            if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return text_quoted(s) + " is not a whole number";
            return "";
          },
          ""));
    }
  }
  for (CLI::App* sub : app.get_subcommands({})) numbers_checked(*sub);
}

}  // namespace

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
  cli_read_register(app);
  cli_serve_register(app);
  cli_compress_register(app);
  numbers_checked(app);
}

}  // namespace seqgen
