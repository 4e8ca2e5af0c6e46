// The command line on bad input: a clear message and a non-zero exit, never a
// crash; and the main job end to end on a tiny untrained model.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "tiny_model.hpp"

namespace seqgen {
namespace {

namespace fs = std::filesystem;

struct CmdResult {
  int code;
  std::string out;
};

// args after the binary, standard error with the output; with `raw`, the
// whole command line as given.
CmdResult run(const std::string& args, bool raw = false) {
  std::string cmd = raw ? args : std::string(SEQGEN_BINARY) + " " + args + " 2>&1";
  std::array<char, 4096> buf;
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  while (p && fgets(buf.data(), buf.size(), p)) out += buf.data();
  int st = p ? pclose(p) : -1;
  return {WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), out};
}

class Cli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = (fs::temp_directory_path() / ("seqgen_cli_" + std::to_string(getpid()))).string();
    fs::create_directories(dir_);
    tiny_synthesis_write(dir_ + "/tiny.safetensors", "abcdefghijklmnopqrstuvwxyz ABC.,'0123456789");
    tiny_handwriting_write(dir_ + "/tiny-hw.safetensors");
    tiny_recognizer_write(dir_ + "/tiny-rec.safetensors", "abcdefghijklmnopqrstuvwxyz ");
  }
  static std::string bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static std::string dir_;
};
std::string Cli::dir_;

TEST_F(Cli, WritesSvgPngPdf) {
  for (std::string ext : {"svg", "png", "pdf"}) {
    CmdResult r = run("write \"abc, 42.\nABC\" --model " + dir_ + "/tiny.safetensors --max-steps-per-char 5 -o " + dir_ +
                "/out." + ext);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(fs::exists(dir_ + "/out." + ext));
  }
}

// A user's own strokes prime the style whatever their unit and sampling rate;
// strokes without length are refused by name.
TEST_F(Cli, StyleFromAStrokesFile) {
  const std::string a = dir_ + "/mine.json", b = dir_ + "/flat.json";
  std::ofstream(a) << R"({"text": "ab", "strokes": [[[0, 0], [300, 900], [600, 0]], [[800, 500], [1200, 500]]]})";
  std::ofstream(b) << R"({"text": "ab", "strokes": [[[5, 5], [5, 5]]]})";
  CmdResult r = run("write abc --style " + a + " --model " + dir_ + "/tiny.safetensors --max-steps-per-char 5 -o " +
                    dir_ + "/styled.svg");
  EXPECT_EQ(r.code, 0) << r.out;
  r = run("write abc --style " + b + " --model " + dir_ + "/tiny.safetensors -o " + dir_ + "/flat.svg");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("flat.json: the strokes have no length"), std::string::npos) << r.out;
  // SVG: the text from <title>, or from --style-text when it has none.
  const std::string c = dir_ + "/mine.svg", d = dir_ + "/untitled.svg";
  std::ofstream(c) << R"(<svg><title>ab</title><path d="M0 0 C 10 30 20 30 30 0 M 40 0 l 20 0"/></svg>)";
  std::ofstream(d) << R"(<svg><path d="M0 0 C 10 30 20 30 30 0 M 40 0 l 20 0"/></svg>)";
  const std::string tail = " --model " + dir_ + "/tiny.safetensors --max-steps-per-char 5 -o " + dir_ + "/s.svg";
  r = run("write abc --style " + c + tail);
  EXPECT_EQ(r.code, 0) << r.out;
  r = run("write abc --style " + d + tail);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("untitled.svg: what does the handwriting say?"), std::string::npos) << r.out;
  r = run("write abc --style " + d + " --style-text ab" + tail);
  EXPECT_EQ(r.code, 0) << r.out;
}

// seqgen read: every line of a page, scored against its text when it has
// one the recogniser can spell; the wrong kind of model and a line without
// points are refused by name. write --reader: the reader's verdict fails
// draws (--reader-max 0: each line drawn 1 + --retries times).
TEST_F(Cli, ReadAndWriteWithAReader) {
  const std::string page = dir_ + "/page.json", rec = dir_ + "/tiny-rec.safetensors";
  CmdResult r = run("write \"abc\nbad cab\" --model " + dir_ + "/tiny.safetensors --max-steps-per-char 5 -o " + page);
  ASSERT_EQ(r.code, 0) << r.out;
  r = run("read " + page + " --model " + rec);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("line 1: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(its text 'bad cab': "), std::string::npos) << r.out;
  r = run("read " + page + " --model " + rec + " --json");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out.substr(0, r.out.find('\n'))).at("text"), "abc") << r.out;
  r = run("read " + page + " --model " + dir_ + "/tiny.safetensors");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("tiny.safetensors: this synthesis model carries no recogniser"), std::string::npos) << r.out;
  // A synthesis model packed with the reader: it reads as the reader alone does.
  ASSERT_EQ(run("pack --model " + dir_ + "/tiny.safetensors --reader " + rec + " -q -o " + dir_ + "/tiny-sr.safetensors").code, 0);
  EXPECT_EQ(run("read " + page + " --model " + dir_ + "/tiny-sr.safetensors").out, run("read " + page + " --model " + rec).out);
  EXPECT_NE(run("info " + dir_ + "/tiny-sr.safetensors").out.find("reader (the line check's recogniser)"), std::string::npos);
  // A reader of both directions: packed, it reads and checks words as alone.
  const std::string rec2 = dir_ + "/tiny-rec2.safetensors";
  tiny_recognizer_write(rec2, "abcdefghijklmnopqrstuvwxyz ", true);
  ASSERT_EQ(run("pack --model " + dir_ + "/tiny.safetensors --reader " + rec2 + " -q -o " + dir_ + "/tiny-sr2.safetensors").code, 0);
  r = run("read " + page + " --model " + rec2);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(run("read " + page + " --model " + dir_ + "/tiny-sr2.safetensors").out, r.out);
  EXPECT_NE(run("info " + dir_ + "/tiny-sr2.safetensors").out.find("\"read\":{\"both_ways\":true}"), std::string::npos);
  r = run("write \"bad cab\" --model " + dir_ + "/tiny-sr2.safetensors --max-steps-per-char 5 --check -o " + dir_ + "/p2.json");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("redrawn for the reader"), std::string::npos) << r.out;  // its untrained reading fails words
  r = run("pack --model " + dir_ + "/tiny-sr.safetensors --reader none -q -o " + dir_ + "/tiny-s.safetensors");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(run("info " + dir_ + "/tiny-s.safetensors").out.find("reader"), std::string::npos);
  r = run("read " + page + " --model " + dir_ + "/tiny-hw.safetensors");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("is a handwriting model; this command needs a synthesis model"), std::string::npos) << r.out;
  std::ofstream(dir_ + "/dot.json") << R"({"text": "a", "strokes": [[[5, 5]]]})";
  r = run("read " + dir_ + "/dot.json --model " + rec);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("dot.json: no strokes to read"), std::string::npos) << r.out;
  r = run("read " + dir_ + "/none.json --model " + rec);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("none.json"), std::string::npos) << r.out;
  const std::string w = "write \"abc\" --model " + dir_ + "/tiny.safetensors --max-steps-per-char 5 -o " + dir_ +
                        "/rd.svg --reader ";
  // Without word redraws the reader reads whole lines: at --reader-max 0 every draw fails.
  r = run(w + rec + " --word-retries 0 --reader-max 0 --retries 3");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("line 1 drawn 4 times"), std::string::npos) << r.out;
  // The reader a model carries is the default; --reader none turns it off.
  const std::string ws = "write \"abc\" --max-steps-per-char 5 --word-retries 0 --reader-max 0 --retries 3 -o " + dir_ +
                         "/rs.svg --model " + dir_ + "/tiny-sr.safetensors";
  r = run(ws);
  EXPECT_NE(r.out.find("line 1 drawn 4 times"), std::string::npos) << r.out;
  r = run(ws + " --reader none");
  EXPECT_EQ(r.out.find("line 1 drawn 4 times"), std::string::npos) << r.out;
  // Word by word (the default): at --word-max 0 each word is drawn 1 + 2 times.
  const std::string ww = "write \"abc cab\" --max-steps-per-char 5 --word-max 0 --word-retries 2 --check -o " + dir_ +
                         "/rw.svg --model " + dir_ + "/tiny-sr.safetensors";
  r = run(ww);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(r.out.find(", 2 words redrawn for the reader") != std::string::npos ||
              r.out.find(", 4 words redrawn for the reader") != std::string::npos) << r.out;
  r = run(ww + " --reader none");
  EXPECT_NE(r.out.find(", 0 words redrawn for the reader"), std::string::npos) << r.out;
  // A reader's own threshold (pack --word-max) is the default with it; --word-max overrides it.
  const std::string wr = "write \"abc cab\" --max-steps-per-char 5 --word-retries 2 --check -o " + dir_ + "/rw0.svg --model ";
  r = run(wr + dir_ + "/tiny-sr.safetensors");  // 0.5: its untrained reading fails words
  EXPECT_EQ(r.out.find(", 0 words redrawn for the reader"), std::string::npos) << r.out;
  const std::string srw = dir_ + "/tiny-srw.safetensors";
  ASSERT_EQ(run("pack --model " + dir_ + "/tiny-sr.safetensors --word-max 1000 -q -o " + srw).code, 0);
  EXPECT_NE(run("info " + srw).out.find("\"word_max\":1000.0"), std::string::npos) << run("info " + srw).out;
  r = run(wr + srw);
  EXPECT_NE(r.out.find(", 0 words redrawn for the reader"), std::string::npos) << r.out;
  r = run(wr + srw + " --word-max 0");
  EXPECT_TRUE(r.out.find(", 2 words redrawn for the reader") != std::string::npos ||
              r.out.find(", 4 words redrawn for the reader") != std::string::npos) << r.out;
  // A recogniser packed alone carries them too.
  const std::string recw = dir_ + "/tiny-recw.safetensors";
  ASSERT_EQ(run("pack --model " + rec + " --word-max 1000 -q -o " + recw).code, 0);
  r = run(wr + dir_ + "/tiny.safetensors --reader " + recw);
  EXPECT_NE(r.out.find(", 0 words redrawn for the reader"), std::string::npos) << r.out;
  r = run(wr + dir_ + "/tiny.safetensors --reader " + rec);
  EXPECT_EQ(r.out.find(", 0 words redrawn for the reader"), std::string::npos) << r.out;
  r = run("pack --model " + dir_ + "/tiny.safetensors --word-max 0.7 -q -o " + dir_ + "/no.safetensors");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("no.safetensors will carry no reader to set them for"), std::string::npos) << r.out;
  r = run(w + dir_ + "/tiny-hw.safetensors");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("tiny-hw.safetensors is a handwriting model"), std::string::npos) << r.out;
}

TEST_F(Cli, SvgToStandardOutput) {
  CmdResult r = run("write abc --model " + dir_ + "/tiny.safetensors --max-steps-per-char 5 -o - 2>/dev/null");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("<?xml", 0), 0u) << r.out.substr(0, 200);
  EXPECT_NE(r.out.find("</svg>"), std::string::npos);
}

TEST_F(Cli, UnknownCharacterIsNamed) {
  // Skipped with a warning by default; refused with --unknown error.
  const std::string cmd = "write \"abc €\" --model " + dir_ + "/tiny.safetensors --max-steps-per-char 5 -o " + dir_ + "/x.svg";
  CmdResult r = run(cmd);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("warning: skipped '€' (U+20AC) at line 1, position 5"), std::string::npos) << r.out;
  r = run(cmd + " --unknown error");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("U+20AC"), std::string::npos) << r.out;
  r = run(cmd + " --unknown maybe");
  EXPECT_NE(r.code, 0);
}

// --weights int8 draws; a format it does not know is a usage error (2) naming
// the option, in write, serve and eval alike.
TEST_F(Cli, WeightsOption) {
  const std::string m = " --model " + dir_ + "/tiny.safetensors ";
  CmdResult r = run("write abc" + m + "--max-steps-per-char 5 --weights int8 -o " + dir_ + "/int8.svg");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(fs::exists(dir_ + "/int8.svg"));
  for (const std::string& cmd : {"write abc" + m + "-o " + dir_ + "/w.svg", "serve" + m + "--port 0",
                                "eval synthesis" + m + "--data " + dir_})
    for (const char* bad : {"int4", "BF16", ""}) {
      r = run(cmd + " --weights \"" + std::string(bad) + "\"");
      EXPECT_EQ(r.code, 2) << cmd << ": " << r.out;
      EXPECT_NE(r.out.find("--weights"), std::string::npos) << cmd << ": " << r.out;
    }
}

TEST_F(Cli, StrokeDataPlotterFilesAndPerLineValues) {
  const std::string m = " --model " + dir_ + "/tiny.safetensors --max-steps-per-char 5 ";
  CmdResult r = run("write \"abc\nab\nc\"" + m + "--bias 0,1,2 --color red,green,blue --stroke-width 1,2,3 -o " + dir_ + "/p.png");
  EXPECT_EQ(r.code, 0) << r.out;
  r = run("write \"abc\nab\nc\"" + m + "--bias 0,1 -o " + dir_ + "/p.png");
  EXPECT_NE(r.out.find("--bias: 2 values for 3 lines"), std::string::npos) << r.out;
  r = run("write \"abc\"" + m + "--bias x -o " + dir_ + "/p.png");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--bias: 'x' is not a finite number"), std::string::npos) << r.out;
  for (const std::string ext : {"json", "gcode", "hpgl"}) {
    r = run("write \"abc\nab\"" + m + "-o " + dir_ + "/p." + ext);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(fs::file_size(dir_ + "/p." + ext) > 50) << ext;
  }
  r = run("write \"abc\"" + m + "--plotter --page 210x297 --pen-width 0.3 -o " + dir_ + "/p.svg");
  EXPECT_EQ(r.code, 0) << r.out;
  std::ifstream svg(dir_ + "/p.svg");
  std::string body((std::istreambuf_iterator<char>(svg)), std::istreambuf_iterator<char>());
  EXPECT_NE(body.find("width=\"210mm\" height=\"297mm\""), std::string::npos) << body.substr(0, 300);
  EXPECT_NE(body.find("<title>abc</title>"), std::string::npos);
  // A written line's JSON as a style.
  r = run("write \"abc\"" + m + "-o " + dir_ + "/line.json");
  r = run("write \"cab\"" + m + "--style " + dir_ + "/line.json -o " + dir_ + "/styled.svg");
  EXPECT_EQ(r.code, 0) << r.out;
  // JSON Lines input with per-line fields.
  std::ofstream(dir_ + "/page.jsonl") << "{\"text\": \"abc\", \"bias\": 2, \"color\": \"red\"}\n\n{\"text\": \"ba\", \"width\": 3}\n";
  r = run("write --file " + dir_ + "/page.jsonl" + m + "-o " + dir_ + "/page.json");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("2 lines"), std::string::npos) << r.out;
  std::ofstream(dir_ + "/bad.jsonl") << "{\"text\": \"abc\", \"colour\": \"red\"}\n";
  r = run("write --file " + dir_ + "/bad.jsonl" + m + "-o " + dir_ + "/page.json");
  EXPECT_NE(r.out.find("bad.jsonl: line 1: field \"colour\""), std::string::npos) << r.out;
  r = run("write abc" + m + "--page 10x10 -o " + dir_ + "/small.gcode");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("margin 15 mm leaves no room"), std::string::npos) << r.out;
}

TEST_F(Cli, FoldedCharacterIsNoted) {
  CmdResult r = run("write \"café\" --model " + dir_ + "/tiny.safetensors --max-steps-per-char 5 -o " + dir_ + "/y.svg");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("é -> e"), std::string::npos) << r.out;
}

// 300 characters are wrapped into lines of at most 60 (the default: here 5
// lines of 59); with --wrap 0 they would be one line, over the limit of 200
// characters a line, and are refused before anything is drawn; --check
// reports on every line.
TEST_F(Cli, LongTextIsWrapped) {
  std::string text;
  while (text.size() < 300) text += "abc cab bca ";
  text.resize(300);
  const std::string base = "write \"" + text + "\" --model " + dir_ + "/tiny.safetensors --max-steps-per-char 3 --check ";
  CmdResult r = run(base + "-o " + dir_ + "/long.svg");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(": 5 lines in"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("line 5:"), std::string::npos) << r.out;
  r = run(base + "--wrap 0 -o " + dir_ + "/long1.svg");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("line 1 is too long: 300 characters, at most 200"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir_ + "/long1.svg"));
}

TEST_F(Cli, EmptyTextRefused) {
  CmdResult r = run("write \"\" --model " + dir_ + "/tiny.safetensors -o " + dir_ + "/e.svg");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("empty"), std::string::npos) << r.out;
}

TEST_F(Cli, MissingAndTruncatedModel) {
  CmdResult r = run("write abc --model " + dir_ + "/nope.safetensors -o " + dir_ + "/m.svg");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("nope.safetensors"), std::string::npos) << r.out;
  auto size = fs::file_size(dir_ + "/tiny.safetensors");
  fs::copy_file(dir_ + "/tiny.safetensors", dir_ + "/cut.safetensors", fs::copy_options::overwrite_existing);
  fs::resize_file(dir_ + "/cut.safetensors", size / 2);
  r = run("write abc --model " + dir_ + "/cut.safetensors -o " + dir_ + "/m.svg");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("cut.safetensors"), std::string::npos) << r.out;
  std::ofstream(dir_ + "/junk.safetensors") << "not a model at all";
  r = run("write abc --model " + dir_ + "/junk.safetensors -o " + dir_ + "/m.svg");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("junk.safetensors"), std::string::npos) << r.out;
}

TEST_F(Cli, WindowPictureAndModelInfo) {
  CmdResult r = run("plot window --model " + dir_ + "/tiny.safetensors --text \"abc\" -o " + dir_ + "/w.png");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(fs::exists(dir_ + "/w.png"));
  r = run("info " + dir_ + "/tiny.safetensors");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("synthesis model"), std::string::npos) << r.out;
}

// pack --keep-styles: the listed built-in styles, in the listed order (the
// first is what --seed 1 writes); a style the model lacks or one listed twice
// is refused.
TEST_F(Cli, PackKeepsChosenStylesInOrder) {
  const std::string in = dir_ + "/tiny-styles.safetensors", out = dir_ + "/kept.safetensors";
  tiny_synthesis_write(in, "abc ", 4);
  CmdResult r = run("pack --model " + in + " -o " + out + " --keep-styles 2,0,3 -q");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json styles = model_header_read(safetensors_read(out), out).info["styles"];
  ASSERT_EQ(styles.size(), 3u);
  EXPECT_EQ(styles[0]["steps"][0][0], 2);
  EXPECT_EQ(styles[1]["steps"][0][0], 0);
  EXPECT_EQ(styles[2]["steps"][0][0], 3);
  r = run("pack --model " + in + " -o " + out + " --keep-styles 1,4");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("4 built-in styles to choose from, not style 4"), std::string::npos) << r.out;
  r = run("pack --model " + in + " -o " + out + " --keep-styles 5,1 --styles-from " + in + " -q");
  ASSERT_EQ(r.code, 0) << r.out;  // style 5 is the second file's style 1
  const nlohmann::json two = model_header_read(safetensors_read(out), out).info["styles"];
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0]["steps"][0][0], 1);
  EXPECT_EQ(two[1]["steps"][0][0], 1);
  r = run("pack --model " + in + " -o " + out + " --keep-styles 1,1");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("style 1 is listed twice"), std::string::npos) << r.out;
  r = run("pack --model " + in + " -o " + out + " --keep-styles 1 --styles 2");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("give one of them"), std::string::npos) << r.out;
}

// pack --style-warm: each built-in style goes on with the word, drawn by
// the model after the style's last word (its final mark left out); a model
// without styles and a word the model cannot write are refused.
TEST_F(Cli, PackStyleWarmAddsADrawnWord) {
  const std::string in = dir_ + "/warm-in.safetensors", out = dir_ + "/warm.safetensors";
  tiny_synthesis_write(in, "abc .", 2);
  const nlohmann::json before = model_header_read(safetensors_read(in), in).info["styles"];
  CmdResult r = run("pack --model " + in + " -o " + out + " --style-warm ca -q");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json styles = model_header_read(safetensors_read(out), out).info["styles"];
  ASSERT_EQ(styles.size(), 2u);
  for (size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(styles[k]["text"], "ab ca");
    EXPECT_EQ(styles[k]["warm"]["word"], "ca");
    ASSERT_GT(styles[k]["steps"].size(), before[k]["steps"].size());
    EXPECT_EQ(styles[k]["steps"][0], before[k]["steps"][0]);  // the style's own steps come first
    EXPECT_EQ(styles[k]["steps"].back()[2], 1);  // the pen lifts after the word
  }
  r = run("write cab --model " + out + " --style 1 -o " + dir_ + "/warm.json -q");
  EXPECT_EQ(r.code, 0) << r.out;
  r = run("pack --model " + dir_ + "/tiny.safetensors -o " + out + " --style-warm ca");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("has no built-in styles"), std::string::npos) << r.out;
  r = run("pack --model " + in + " -o " + out + " --style-warm cz");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("'z' (U+007A)"), std::string::npos) << r.out;
}

TEST_F(Cli, PackAveragedTakesTheCheckpointsMovingAverage) {
  const std::string text = dir_ + "/avg.txt", run_dir = dir_ + "/avg-run", out = dir_ + "/avg.safetensors";
  std::ofstream(text) << "the cat sat on the mat and the dog sat on the log\n";
  CmdResult r = run("train text --train " + text + " --valid " + text + " --run " + run_dir +
                    " --hidden 8 --batch 2 --seq 8 --epochs 1 --average 0.5 --optimizer adam --lr 0.05 -q");
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string ckpt = run_dir + "/checkpoint.safetensors";
  r = run("pack --model " + ckpt + " --averaged -o " + out + " -q");
  ASSERT_EQ(r.code, 0) << r.out;
  const std::vector<float> avg = tensor_get(safetensors_read(ckpt), "average.params", ckpt, {});
  const LoadedModel packed = model_load(out, ""), raw = model_load(ckpt, "");
  ASSERT_EQ(packed.net.params.size(), avg.size());
  int apart = 0;  // the average is not the weights trained last
  for (size_t i = 0; i < avg.size(); ++i) {
    EXPECT_NEAR(packed.net.params[i], avg[i], 1e-3f * std::abs(avg[i]) + 1e-6f) << i;  // F16
    apart += std::abs(raw.net.params[i] - avg[i]) > 1e-2f * std::abs(avg[i]) + 1e-4f;
  }
  EXPECT_GT(apart, 0);
}

TEST_F(Cli, BadOutputExtension) {
  CmdResult r = run("write abc --model " + dir_ + "/tiny.safetensors --max-steps-per-char 5 -o " + dir_ + "/out.gif");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find(".gif"), std::string::npos) << r.out;
}

TEST_F(Cli, VersionIsTheProjects) {
  CmdResult r = run("--version");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "seqgen " SEQGEN_VERSION "\n");
}

// Unknown option, bad value, missing argument: exit 2 with the usage line of
// the subcommand; a failure of the job itself stays 1.
TEST_F(Cli, UsageErrorsExit2WithTheUsageLine) {
  const std::string m = " --model " + dir_ + "/tiny.safetensors";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"write abc --no-such-option -o x.svg" + m, "Usage: seqgen write [OPTIONS] [text]"},
      {"write abc --bias x -o x.svg" + m, "Usage: seqgen write"},
      {"write abc --bias inf -o x.svg" + m, "not a finite number"},
      {"write abc --bias 1e308 -o x.svg" + m, "--bias: must be in [0, 100], not '1e308'"},
      {"write abc --max-steps-per-char 2147483647 -o x.svg" + m, "--max-steps-per-char: must be in [1, 1000], not '2147483647'"},
      {"write abc --seed 99999999999999999999999 -o x.svg" + m, "--seed: '99999999999999999999999' is out of range"},
      {"write abc --line-height inf -o x.svg" + m, "--line-height: 'inf' is not a finite number"},
      {"sample text --model m --temperature nan", "--temperature: 'nan' is not a finite number"},
      {"sample text --model m --length -5", "--length: must be in [0, 1e+08], not '-5'"},
      {"train text --train a --valid b --run r --lr nan", "--lr: 'nan' is not a finite number"},
      {"train text --train a --valid b --run r --epochs -1", "--epochs: must be more than 0, not '-1'"},
      {"train text --train a --valid b --run r --hidden 10,1e99", "--hidden: must be in [1, 10000], not '1e99'"},
      {"eval text --model m --text t --dynamic-lr nan", "--dynamic-lr: 'nan' is not a finite number"},
      {"write abc --bias 1,nan -o x.svg" + m, "not a finite number"},
      {"write abc --bias -1 -o x.svg" + m, "--bias: must be in [0, 100], not '-1'"},
      {"write abc" + m, "--output is required"},
      {"write abc --file f.txt -o x.svg" + m, "not both"},
      {"sample handwriting --count 0 -o x.svg", "Usage: seqgen sample handwriting"},
      {"eval text --text t.txt", "Usage: seqgen eval text [OPTIONS]"},
      {"eval synthesis --data d --split test", "Usage: seqgen eval synthesis"},
      {"plot window --seed abc -o x.svg", "Usage: seqgen plot window"},
      {"no-such-command", "Usage: seqgen [OPTIONS] SUBCOMMAND"},
      {"", "A subcommand is required"}};
  for (auto& [args, want] : cases) {
    CmdResult r = run(args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(want), std::string::npos) << args << "\n" << r.out;
  }
  EXPECT_EQ(run("write abc --model " + dir_ + "/nope.safetensors -o x.svg").code, 1);
}

// `-o -` in every command that draws: SVG on standard output, nothing else there.
TEST_F(Cli, EveryPictureToStandardOutput) {
  for (std::string args : {"write abc --max-steps-per-char 5 --model " + dir_ + "/tiny.safetensors",
                           "sample handwriting --steps 50 --model " + dir_ + "/tiny-hw.safetensors",
                           "plot window --text abc --model " + dir_ + "/tiny.safetensors"}) {
    CmdResult r = run(std::string(SEQGEN_BINARY) + " " + args + " -o - 2>/dev/null", true);
    EXPECT_EQ(r.code, 0) << args << "\n" << r.out;
    EXPECT_EQ(r.out.rfind("<?xml", 0), 0u) << args << "\n" << r.out.substr(0, 200);
    EXPECT_EQ(r.out.size() - r.out.rfind("</svg>"), 7u) << args << ": more than the picture on standard output";
  }
}

// The same seed gives the same bytes in every format (PDF included: its
// dates come from SOURCE_DATE_EPOCH or are the epoch); another seed does not.
TEST_F(Cli, SameSeedSameBytesInEveryFormat) {
  const std::string base = "write \"abc cab\" --max-steps-per-char 5 --model " + dir_ + "/tiny.safetensors";
  for (std::string ext : {"svg", "png", "pdf"}) {
    const std::string a = dir_ + "/same-a." + ext, b = dir_ + "/same-b." + ext, c = dir_ + "/same-c." + ext;
    ASSERT_EQ(run(base + " --seed 7 -o " + a).code, 0);
    ASSERT_EQ(run(base + " --seed 7 -o " + b).code, 0);
    ASSERT_EQ(run(base + " --seed 8 -o " + c).code, 0);
    EXPECT_FALSE(bytes(a).empty());
    EXPECT_EQ(bytes(a), bytes(b)) << ext;
    EXPECT_NE(bytes(a), bytes(c)) << ext;
  }
  const std::string p = dir_ + "/dated.pdf";
  ASSERT_EQ(run("SOURCE_DATE_EPOCH=1700000000 " + std::string(SEQGEN_BINARY) + " " + base + " -o " + p + " 2>&1", true).code,
            0);
  EXPECT_NE(bytes(p).find("/CreationDate (20231114221320Z)"), std::string::npos);
  EXPECT_NE(bytes(dir_ + "/same-a.pdf").find("/CreationDate (19700101000000Z)"), std::string::npos);
}

TEST_F(Cli, QuietSaysNothingOnSuccess) {
  CmdResult r = run("write abc --max-steps-per-char 5 --model " + dir_ + "/tiny.safetensors --retries 0 -q -o " +
                    dir_ + "/q.svg");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.find("wrote"), std::string::npos) << r.out;
  r = run("write abc --max-steps-per-char 5 --model " + dir_ + "/tiny.safetensors --retries 0 -o " + dir_ + "/q.svg");
  EXPECT_NE(r.out.find("wrote"), std::string::npos) << r.out;
}

// On a terminal progress is a status line redrawn in place and erased before
// the summary; with --quiet nothing is shown. SEQGEN_PROGRESS=terminal asks for
// the terminal's form where no terminal is (a test root may have no pseudo-terminals),
// and =plain for plain lines.
TEST_F(Cli, ProgressOnATerminalAndQuiet) {
  const std::string cmd = std::string(SEQGEN_BINARY) + " write 'abc bca' --wrap 3 --max-steps-per-char 5 --model " + dir_ +
                          "/tiny.safetensors -o " + dir_ + "/tty.svg";
  CmdResult r = run("SEQGEN_PROGRESS=terminal " + cmd + " 2>&1", true);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\r\033[Kwrite [2/2] 100.0%"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ETA"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\r\033[Kwrote "), std::string::npos) << r.out;  // erased before the summary
  r = run("SEQGEN_PROGRESS=terminal " + cmd + " --quiet 2>&1", true);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out, "");
  r = run("SEQGEN_PROGRESS=plain " + cmd + " 2>&1", true);
  EXPECT_EQ(r.out.find('\r'), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("wrote "), std::string::npos) << r.out;
}

TEST_F(Cli, MissingDataFolder) {
  CmdResult r = run("train handwriting --data " + dir_ + "/no-such-iam --run " + dir_ + "/run --max-steps 1");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("no-such-iam"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace seqgen

namespace seqgen {
namespace {

// The command recorded in a model is pasted into a shell by users: every
// argument must come back as it was, and nothing in one may run.
TEST(CliCommandLine, QuotedSoThatAShellGivesTheArgumentsBack) {
  const char* argv[] = {"/path/to/seqgen", "train", "--run", "x'$(touch /tmp/seqgen-pwned)'", "a b", "plain-1.5"};
  cli_command_line_set(6, argv);
  const std::string cmd = cli_command_line();
  EXPECT_EQ(cmd.rfind("seqgen train --run ", 0), 0u) << cmd;
  // Let the shell split it and print one argument a line.
  const std::string script = (fs::temp_directory_path() / ("seqgen-quote-" + std::to_string(::getpid()) + ".sh")).string();
  std::ofstream(script) << "set -- " << cmd.substr(std::string("seqgen ").size()) << "\nprintf '%s\\n' \"$@\"\n";
  FILE* p = popen(("/bin/sh " + script).c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  while (fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  fs::remove(script);
  EXPECT_FALSE(fs::exists("/tmp/seqgen-pwned"));
  EXPECT_EQ(out, "train\n--run\nx'$(touch /tmp/seqgen-pwned)'\na b\nplain-1.5\n");
}

}  // namespace
}  // namespace seqgen
