// seqgen pack: turns a trained model into the small file the repository ships
// (16-bit weights, no optimiser state) and, for synthesis, adds built-in
// styles: lines the model itself wrote, kept so that `--style N` can prime
// every line of a page with the same handwriting (§5.5). They are the model's
// own output, not database strokes, and only samples that pass the check of
// seqgen/alignment.hpp at a pace near the training lines' are kept.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "api/pen_model.hpp"
#include "cli/cli.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/text_quote.hpp"
#include "sample/pen_prime.hpp"
#include "sample/pen_read.hpp"
#include "sample/pen_sample_checked.hpp"

namespace seqgen {
namespace {

struct PackArgs {
  // Short, so that prime and line together stay within the lengths of the
  // training lines (a prime of 40 characters made the lines after it less
  // legible); a full stop, so that the line after it starts afresh (without
  // one, lines often began with a stray mark).
  std::string model, out, style_text = "over the lazy dog.";
  int styles = 0;
  double style_bias = 0.5;
  uint64_t style_seed = 1;
  std::vector<int> keep_styles;
  std::string styles_from;
  // A word the model draws after each style's last word (its final mark left
  // out, as seqgen write leaves it out), so that a line follows a drawn word
  // (README, Legibility: tried, not shipped).
  std::string style_warm;
  double warm_bias = 0.75, warm_jump_bias = 2;
  std::string reader;  // "" keep --model's, "none" drop it, else a recogniser file
  std::optional<double> word_max, reader_max;  // the reader's own thresholds
  nlohmann::json notes;
  std::string notes_str;
  bool quiet = false, averaged = false;
};

// Style `st` (its text and steps) followed by a.style_warm, drawn primed with
// it as seqgen write primes a line (sample/pen_prime.hpp).
void style_warm(PenModel& pm, nlohmann::json& st, const PackArgs& a) {
  PenSteps steps = style_steps_read(st.at("steps"));
  std::vector<int32_t> text = alphabet_encode(pm.alphabet, st.at("text").get<std::string>(), nullptr);
  PenSampleOptions o;
  o.bias = a.warm_bias, o.jump_bias = a.warm_jump_bias, o.seed = a.style_seed;
  o.mark_strokes = alphabet_mark_strokes(pm.alphabet);
  pen_prime_end(steps, text, o.mark_strokes, alphabet_encode(pm.alphabet, " ", nullptr)[0]);
  const std::vector<int32_t> word = alphabet_encode(pm.alphabet, a.style_warm, nullptr);
  const PenSample w = pen_sample(pm.model.net, pm.mixtures, {word}, steps, text, o)[0];
  if (!w.finished) fail("--style-warm: {} was not written to its end", text_quoted(a.style_warm));
  steps.insert(steps.end(), w.steps.begin(), w.steps.end());
  st["steps"] = style_steps_json(steps);
  st["text"] = alphabet_decode(pm.alphabet, text) + a.style_warm;
  st["warm"] = {{"word", a.style_warm}, {"bias", a.warm_bias}, {"jump_bias", a.warm_jump_bias}, {"seed", a.style_seed}};
}

void pack_run(const PackArgs& a) {
  if (a.styles > 0 && !a.keep_styles.empty())
    fail("--keep-styles picks from the model's styles; --styles draws new ones: give one of them");
  nlohmann::json notes;
  if (!a.notes_str.empty()) {  // checked before any work
    try {
      notes = nlohmann::json::parse(a.notes_str);
    } catch (const nlohmann::json::exception& e) {
      fail("--notes: not valid JSON ({})", e.what());
    }
    if (!notes.is_object()) fail("--notes: a JSON object is needed, not a JSON {}", notes.type_name());
  }
  TensorFile f = safetensors_read(a.model);
  ModelHeader h = model_header_read(f, a.model);
  LoadedModel m = model_load(a.model, "");
  if (a.averaged) {  // what the run's validation scored (trainer.cpp)
    if (!tensor_has(f, "average.params"))
      fail("{}: no averaged weights (only a checkpoint of a run with --average has them)", a.model);
    m.net.params = tensor_get(f, "average.params", a.model, {int64_t(m.net.params.size())});
  }
  // The model as a writer (with the weights packed), for the styles it draws.
  std::optional<PenModel> pm;
  auto writer = [&]() -> PenModel& {
    if (!pm) {
      pm = pen_model_load(a.model, "synthesis");
      pm->model.net.params = m.net.params;
    }
    return *pm;
  };
  if (a.styles > 0) {
    if (h.kind != "synthesis") fail("{}: built-in styles need a synthesis model", a.model);
    PenModel& pm = writer();
    // Written with a space after it, so that the end rule fires once the last
    // letter is finished, not in the middle of its final stroke.
    const std::string style_text = a.style_text + " ";
    std::vector<int32_t> text = alphabet_encode(pm.alphabet, style_text, nullptr);
    // A style is worth imitating when it was written to its end, every word
    // read at a steady pace, near the training lines' pace; each of the
    // styles gets up to 20 draws.
    CheckedSampleOptions o;
    o.sample.bias = a.style_bias, o.sample.seed = a.style_seed;
    o.sample.mark_strokes = alphabet_mark_strokes(pm.alphabet);
    o.sample.stats = pm.stats;
    o.retries = 19;
    o.accept = [](const PenSample& s, const LineAlignment& al) {
      return s.finished && al.ok() && al.pace() > 0.8 && al.pace() < 1.35;
    };
    std::vector<CheckedLine> drawn;
    {
      ProgressDisplay progress("style samples", "styles", a.quiet);
      o.progress = [&](int done, int total) { progress.update(done, total); };
      drawn = pen_sample_checked(pm.model.net, pm.mixtures, pm.alphabet,
                                 std::vector<std::vector<int32_t>>(size_t(a.styles), text), {}, {}, o);
    }
    nlohmann::json styles = nlohmann::json::array();
    for (const CheckedLine& c : drawn) {
      if (!c.passed)
        fail("{}: a style sample failed the check in each of its {} draws; try another --style-text or --style-bias",
             a.model, c.draws);
      if (!a.quiet)
        std::fprintf(stderr, "style %zu: pace %.2f, drawn %d times\n", styles.size(), c.alignment.pace(), c.draws);
      styles.push_back({{"text", style_text}, {"bias", a.style_bias}, {"finished", c.sample.finished},
                        {"steps", style_steps_json(c.sample.steps)}});
    }
    h.info["styles"] = styles;
  }
  if (!a.keep_styles.empty()) {
    // The styles a legibility measurement chose, best first: --seed N picks
    // style N-1, so the first ones are what the default writes.
    // Chosen among the model's styles and then those of --styles-from (other
    // candidates drawn by the same model).
    nlohmann::json pool = h.info.contains("styles") ? h.info["styles"] : nlohmann::json::array();
    if (!a.styles_from.empty()) {
      TensorFile g = safetensors_read(a.styles_from);
      ModelHeader gh = model_header_read(g, a.styles_from);
      if (!gh.info.contains("styles")) fail("{}: no built-in styles to choose from", a.styles_from);
      for (const auto& st : gh.info["styles"]) pool.push_back(st);
    }
    const size_t have = pool.size();
    nlohmann::json kept = nlohmann::json::array();
    for (size_t i = 0; i < a.keep_styles.size(); ++i) {
      const int k = a.keep_styles[i];
      if (k < 0 || size_t(k) >= have) fail("--keep-styles: there are {} built-in styles to choose from, not style {}", have, k);
      if (std::find(a.keep_styles.begin(), a.keep_styles.begin() + long(i), k) != a.keep_styles.begin() + long(i))
        fail("--keep-styles: style {} is listed twice", k);
      kept.push_back(pool[size_t(k)]);
    }
    h.info["styles"] = kept;
  }
  if (!a.style_warm.empty()) {
    if (!h.info.contains("styles") || h.info["styles"].empty()) fail("--style-warm: {} has no built-in styles", a.model);
    for (auto& st : h.info["styles"]) style_warm(writer(), st, a);
  }
  if (!notes.is_null()) h.training["notes"] = notes;
  std::optional<LoadedModel> reader;
  if (!a.reader.empty() && h.kind != "synthesis") fail("--reader: {} is not a synthesis model", a.model);
  if (a.reader.empty()) reader = model_reader_get(f, a.model);
  else if (a.reader != "none") reader = model_load(a.reader, "recognizer");
  // Thresholds in a reader's nats per character, the writer's defaults with
  // it (sample/pen_read.hpp): of the recogniser packed, or of the reader the
  // synthesis model carries.
  const bool thresholds = a.word_max || a.reader_max;
  auto thresholds_set = [&](nlohmann::json& info, const NetConfig& c, const std::string& where) {
    ReadInput in = read_input_from(info, {}, c, where);
    if (a.word_max) in.word_max = a.word_max;
    if (a.reader_max) in.reader_max = a.reader_max;
    info["read"] = read_input_to_json(in);
  };
  if (thresholds && h.kind == "recognizer") thresholds_set(h.info, m.net.config(), a.model);
  else if (thresholds && !reader)
    fail("--word-max, --reader-max: {} will carry no reader to set them for (--reader)", a.out);
  TensorFile out;
  model_pack(out, h, m.net, true);
  if (reader) {
    if (thresholds)
      thresholds_set(reader->header.info, reader->net.config(), a.reader.empty() ? a.model : a.reader);
    model_reader_put(out, *reader, true);
  }
  safetensors_write(a.out, out);
  if (!a.quiet)
    std::fprintf(stderr, "wrote %s (%zu weights as F16, %zu built-in styles%s)\n", a.out.c_str(), m.net.params.size(),
                 h.info.contains("styles") ? h.info["styles"].size() : size_t(0),
                 reader ? fmt::format(", a reader of {} weights", reader->net.params.size()).c_str() : "");
}

}  // namespace

void cli_pack_register(CLI::App& app) {
  auto a = std::make_shared<PackArgs>();
  auto* c = app.add_subcommand("pack", "make a shippable model file: 16-bit weights, built-in styles");
  c->add_option("--model", a->model, "trained model or checkpoint")->required();
  c->add_option("-o,--output", a->out, "output model file")->required();
  c->add_option("--styles", a->styles, "built-in styles to add (synthesis)")
      ->capture_default_str()
      ->check(number_range(0, 1000));
  c->add_option("--style-text", a->style_text, "text the styles write")->capture_default_str();
  c->add_option("--style-bias", a->style_bias, "bias of the style samples")->capture_default_str()->check(number_range(0, 100));
  c->add_option("--style-seed", a->style_seed, "seed of the first style")->capture_default_str();
  c->add_option("--keep-styles", a->keep_styles,
                 "keep only these built-in styles of --model, in this order (e.g. 5,2,7); --seed N picks style N-1")
      ->delimiter(',')
      ->check(number_range(0, 100000));
  c->add_option("--styles-from", a->styles_from,
                "another model file whose styles --keep-styles may choose, numbered after --model's");
  c->add_option("--style-warm", a->style_warm,
                "a word the model draws after each built-in style's last word (its final mark left out)");
  c->add_option("--warm-bias", a->warm_bias, "bias of the --style-warm word")->capture_default_str()->check(number_range(0, 100));
  c->add_option("--warm-jump-bias", a->warm_jump_bias, "jump bias of the --style-warm word")
      ->capture_default_str()
      ->check(number_range(0, 100));
  c->add_flag("--averaged", a->averaged,
              "from a checkpoint: its moving average of the weights (--average), which its validation scored");
  c->add_option("--reader", a->reader,
                "recogniser the line check reads each draw with (seqgen train recognizer), or none; default: "
                "--model's own, if any");
  c->add_option("--word-max", a->word_max,
                "the reader's own threshold for seqgen write --word-max (its nats per character; kept with the "
                "recogniser packed or the one --model carries)")
      ->check(number_range(0, 1000));
  c->add_option("--reader-max", a->reader_max,
                "the reader's own threshold for seqgen write --reader-max (as --word-max)")
      ->check(number_range(0, 1000));
  c->add_option("--notes", a->notes_str, "JSON object added to the model's training record (e.g. scores)");
  c->add_flag("-q,--quiet", a->quiet, "no progress display and no summary");
  c->callback([a] { pack_run(*a); });
}

}  // namespace seqgen
