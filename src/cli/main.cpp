// seqgen command line: one subcommand per job (see cli_*.cpp).
#include <cstdio>
#include <exception>

#include "cli/cli.hpp"
#include "core/error.hpp"
#include "core/text_quote.hpp"
#include "train/dist.hpp"

int main(int argc, char** argv) {
  seqgen::cli_command_line_set(argc, argv);
  CLI::App app;
  seqgen::cli_app_setup(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // A usage error: what is wrong, the usage line of the (sub)command, exit 2.
    const CLI::App* cmd = &app;
    std::string name = "seqgen";
    while (!cmd->get_subcommands().empty()) {
      cmd = cmd->get_subcommands().front();
      name += " " + cmd->get_name();
    }
    std::string usage = CLI::Formatter().make_usage(cmd, name);
    while (!usage.empty() && usage.back() == '\n') usage.pop_back();
    std::fprintf(stderr, "seqgen: error: %s\n%s\nRun '%s --help' for more.\n",
                 seqgen::message_printable(e.what()).c_str(), usage.c_str(), name.c_str());
    return 2;
  } catch (const seqgen::Error& e) {
    // Messages may carry a user's text: no control character reaches the terminal.
    std::fprintf(stderr, "seqgen: error: %s\n", seqgen::message_printable(e.what()).c_str());
    seqgen::dist_abort(1);  // under mpirun: ends every rank
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "seqgen: error: out of memory\n");
    seqgen::dist_abort(1);  // under mpirun: ends every rank
  } catch (const std::exception& e) {
    std::fprintf(stderr, "seqgen: error: %s\n", seqgen::message_printable(e.what()).c_str());
    seqgen::dist_abort(1);  // under mpirun: ends every rank
  }
  seqgen::dist_finalize();
  return 0;
}
