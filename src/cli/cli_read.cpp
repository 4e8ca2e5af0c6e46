// seqgen read FILE: what a recogniser reads in handwriting strokes.
#include <cmath>
#include <cstdio>
#include <memory>

#include "api/pen_reader.hpp"
#include "cli/cli.hpp"
#include "core/text_quote.hpp"
#include "core/utf8.hpp"

namespace seqgen {

void cli_read_register(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto model = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto* c = app.add_subcommand("read", "read handwriting strokes (JSON or SVG) with the recogniser");
  c->add_option("file", *path, "strokes: JSON (one line or a page, as seqgen write -o page.json writes) or SVG")
      ->required();
  c->add_option("--model", *model,
                "recogniser model, or a synthesis model that carries one (default: the shipped synthesis model's)");
  c->add_flag("--json", *json, "one JSON object per line");
  c->callback([=] {
    PenModel reader = reader_load(*model);
    const bool svg = path->size() >= 4 && path->compare(path->size() - 4, 4, ".svg") == 0;
    const std::vector<StrokesFile> lines = svg ? std::vector<StrokesFile>{strokes_svg_read(*path)}
                                               : strokes_page_read(*path);
    std::vector<StrokesFile> drawn;  // a page's empty lines have nothing to read
    std::vector<size_t> number;      // their line numbers on the page
    for (size_t i = 0; i < lines.size(); ++i)
      if (!lines[i].strokes.empty()) drawn.push_back(lines[i]), number.push_back(i + 1);
    const std::vector<LineRead> r = lines_read(reader, drawn, *path);
    for (size_t k = 0; k < r.size(); ++k) {
      const size_t i = number[k] - 1;
      const bool scored = !std::isnan(r[k].nats);
      if (*json) {
        nlohmann::json j = {{"line", i + 1}, {"read", r[k].text}};
        if (!r[k].expected.empty()) j["text"] = r[k].expected;
        if (scored) j["errors"] = r[k].errors, j["nats_per_char"] = std::isinf(r[k].nats) ? nlohmann::json() : nlohmann::json(r[k].nats);
        std::printf("%s\n", j.dump().c_str());
      } else if (scored) {
        std::printf("line %zu: %s (its text %s: %d of %zu characters misread, %.2f nats per character)\n", i + 1,
                    text_quoted(r[k].text).c_str(), text_quoted(r[k].expected).c_str(), r[k].errors,
                    utf8_chars(r[k].expected), r[k].nats);
      } else {
        std::printf("line %zu: %s\n", i + 1, text_quoted(r[k].text).c_str());
      }
    }
  });
}

}  // namespace seqgen
