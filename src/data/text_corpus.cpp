// Text corpora (§3): building the vocabulary from a training text, encoding
// and decoding text at character, PTB-character and word level, and the
// symbol/word counts that turn bits per character into word perplexity (§3.1).
#include "seqgen/text_corpus.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string_view>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/text_quote.hpp"
#include "core/utf8.hpp"

namespace seqgen {
namespace {

const std::string kEos = "<eos>", kUnk = "<unk>", kLineEnd = "\n", kSeparator = "_";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// Calls tok(token, byte offset) for each blank-separated token and line() at
// each line end; a last line without '\n' ends like the others if it has tokens.
template <class Tok, class Line>
void tokens_scan(const std::string& text, Tok&& tok, Line&& line) {
  bool line_has_tokens = false;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n') {
      line();
      line_has_tokens = false, ++i;
    } else if (is_blank(text[i])) {
      ++i;
    } else {
      size_t j = i;
      while (j < text.size() && text[j] != '\n' && !is_blank(text[j])) ++j;
      tok(std::string_view(text).substr(i, j - i), i);
      line_has_tokens = true, i = j;
    }
  }
  if (line_has_tokens) line();
}

// "line L, column C" (1-based, columns in characters) of byte `offset`.
std::string text_position(const std::string& text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') line++, col = 1;
    else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) col++;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

// 'x' (U+0078) for one character, with C escapes for control characters so
// the message stays on one line; 'token' for longer symbols.
std::string symbol_describe(const std::string& s) {
  std::u32string cs = utf8_decode(s, "symbol");
  if (cs.size() != 1) return text_quoted(s);
  const char32_t c = cs[0];
  std::string shown = s;
  if (c == '\n') shown = "\\n";
  else if (c == '\t') shown = "\\t";
  else if (c == '\r') shown = "\\r";
  else if (c < 0x20 || (c >= 0x7F && c < 0xA0)) shown = "";
  return (shown.empty() ? "" : "'" + shown + "' ") + fmt::format("(U+{:04X})", uint32_t(c));
}

void vocab_index_fill(Vocab& v, const std::string& where) {
  v.index.clear();
  for (size_t i = 0; i < v.symbols.size(); ++i)
    if (!v.index.emplace(v.symbols[i], int32_t(i)).second)
      fail("{}: symbol {} appears twice in the vocabulary", where, symbol_describe(v.symbols[i]));
  auto le = v.index.find(v.kind == VocabKind::words ? kEos : kLineEnd);
  v.line_end = le == v.index.end() ? -1 : le->second;
}

// Index of `sym`, else the unknown index, else an Error naming it and its place.
int32_t symbol_lookup(const Vocab& v, const std::string& sym, const std::string& text, size_t offset,
                      const std::string& where) {
  auto it = v.index.find(sym);
  if (it != v.index.end()) return it->second;
  if (v.unknown >= 0) return v.unknown;
  fail("{}: {}: {} {} is not in the vocabulary of the training text ({} symbols){}", where,
       text_position(text, offset), v.kind == VocabKind::words ? "word" : "character", symbol_describe(sym), v.size(),
       v.kind == VocabKind::words ? "" : "; declare an unknown symbol to map such characters to it");
}

std::string unknown_char_checked(const std::string& u, const std::string& where) {
  if (utf8_decode(u, where + ": unknown symbol").size() != 1)
    fail("{}: the unknown symbol must be a single character, not {}", where, text_quoted(u));
  return u;
}

Vocab vocab_build_words(const std::string& text, const std::string& where, const VocabOptions& opt) {
  if (opt.max_words < 3) fail("{}: the word vocabulary needs room for <eos>, <unk> and a word, not {}", where, opt.max_words);
  const std::string unk = opt.unknown.empty() ? kUnk : opt.unknown;
  std::unordered_map<std::string, int64_t> counts;
  int64_t lines = 0;
  tokens_scan(text, [&](std::string_view w, size_t) { counts[std::string(w)]++; }, [&] { lines++; });
  // A literal "<eos>" in the text is the line-end symbol; "<unk>" is counted once, as itself.
  lines += counts[kEos];
  counts.erase(kEos);
  int64_t unk_count = counts[unk];
  counts.erase(unk);
  std::vector<std::pair<std::string, int64_t>> words(counts.begin(), counts.end());
  auto by_freq = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
  std::sort(words.begin(), words.end(), by_freq);
  size_t slots = size_t(opt.max_words) - 1 - (unk_count > 0 ? 1 : 0);
  if (words.size() > slots && unk_count == 0) slots -= 1;  // make room for <unk>
  for (size_t i = slots; i < words.size(); ++i) unk_count += words[i].second;
  if (words.size() > slots) words.resize(slots);
  words.push_back({kEos, lines});
  if (unk_count > 0) words.push_back({unk, unk_count});
  std::sort(words.begin(), words.end(), by_freq);
  Vocab v;
  v.kind = VocabKind::words;
  for (auto& [w, n] : words) v.symbols.push_back(w);
  vocab_index_fill(v, where);
  if (unk_count > 0) v.unknown = v.index.at(unk);
  return v;
}

}  // namespace

const char* vocab_kind_name(VocabKind k) {
  switch (k) {
    case VocabKind::chars: return "char";
    case VocabKind::ptb_chars: return "ptb-char";
    case VocabKind::words: return "word";
    case VocabKind::bytes: return "byte";
  }
  return "?";
}

VocabKind vocab_kind_parse(const std::string& name) {
  for (VocabKind k : {VocabKind::chars, VocabKind::ptb_chars, VocabKind::words, VocabKind::bytes})
    if (name == vocab_kind_name(k)) return k;
  fail("unknown text level {}: expected char, ptb-char, word or byte", text_quoted(name));
}

std::string text_file_read(const std::string& path) { return file_read(path, kTextFileMax, "text file"); }

VocabKind text_kind_detect(const std::string& text) {
  // A prefix decides; it is cut at a line end so no token is split.
  std::string head = text.substr(0, 1 << 20);
  if (head.size() < text.size()) head.resize(head.rfind('\n') == std::string::npos ? 0 : head.rfind('\n') + 1);
  bool single = true, separator = false;
  tokens_scan(
      head,
      [&](std::string_view t, size_t) {
        const size_t lead = std::count_if(t.begin(), t.end(), [](char c) { return (c & 0xC0) != 0x80; });
        single = single && lead == 1;
        separator = separator || t == kSeparator;
      },
      [] {});
  return single && separator ? VocabKind::ptb_chars : VocabKind::chars;
}

// Byte level: the byte values that occur, in order.
static Vocab vocab_build_bytes(const std::string& text, const std::string& where, const VocabOptions& opt) {
  bool seen[256] = {};
  for (unsigned char c : text) seen[c] = true;
  if (!opt.unknown.empty()) {
    if (opt.unknown.size() != 1) fail("{}: the unknown symbol of a byte vocabulary must be one byte", where);
    seen[uint8_t(opt.unknown[0])] = true;
  }
  Vocab v;
  v.kind = VocabKind::bytes;
  for (int c = 0; c < 256; ++c)
    if (seen[c]) v.symbols.push_back(std::string(1, char(c)));
  if (v.symbols.empty()) fail("{}: the training text is empty", where);
  vocab_index_fill(v, where);
  if (!opt.unknown.empty()) v.unknown = v.index.at(opt.unknown);
  return v;
}

Vocab vocab_build(const std::string& text, const std::string& where, const VocabOptions& opt) {
  if (opt.kind == VocabKind::bytes) return vocab_build_bytes(text, where, opt);
  const std::u32string cps = utf8_decode(text, where);
  if (opt.kind == VocabKind::words) {
    Vocab v = vocab_build_words(text, where, opt);
    if (v.size() <= 1) fail("{}: the training text has no words", where);
    return v;
  }
  std::set<std::string> seen;
  if (opt.kind == VocabKind::chars) {
    std::set<char32_t> cs(cps.begin(), cps.end());
    for (char32_t c : cs) seen.insert(utf8_encode(c));
    if (!opt.unknown.empty()) seen.insert(unknown_char_checked(opt.unknown, where));
  } else {
    tokens_scan(text, [&](std::string_view t, size_t) { seen.emplace(t); }, [&] { seen.insert(kLineEnd); });
    if (!opt.unknown.empty()) {
      if (std::any_of(opt.unknown.begin(), opt.unknown.end(), [](char c) { return c == '\n' || is_blank(c); }))
        fail("{}: the unknown symbol {} cannot contain blanks", where, text_quoted(opt.unknown));
      seen.insert(opt.unknown);
    }
  }
  if (seen.empty()) fail("{}: the training text is empty", where);
  Vocab v;
  v.kind = opt.kind;
  v.symbols.assign(seen.begin(), seen.end());  // byte order of UTF-8 = code point order
  vocab_index_fill(v, where);
  if (!opt.unknown.empty()) v.unknown = v.index.at(opt.unknown);
  return v;
}

std::vector<int32_t> vocab_encode(const Vocab& v, const std::string& text, const std::string& where) {
  std::vector<int32_t> ids;
  if (v.kind == VocabKind::bytes) {
    int32_t id_of[256];
    for (int c = 0; c < 256; ++c) {
      auto it = v.index.find(std::string(1, char(c)));
      id_of[c] = it == v.index.end() ? v.unknown : it->second;
    }
    ids.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
      const int32_t id = id_of[uint8_t(text[i])];
      if (id < 0)
        fail("{}: byte 0x{:02X} at offset {} is not in the vocabulary of the training text ({} bytes); declare an "
             "unknown symbol to map such bytes to it",
             where, uint8_t(text[i]), i, v.size());
      ids.push_back(id);
    }
    return ids;
  }
  if (v.kind == VocabKind::chars) {
    const std::u32string cps = utf8_decode(text, where);
    int32_t ascii[128];  // the common case without a hash lookup; -2 = not in the vocabulary
    for (int c = 0; c < 128; ++c) {
      auto it = v.index.find(std::string(1, char(c)));
      ascii[c] = it == v.index.end() ? -2 : it->second;
    }
    ids.reserve(cps.size());
    size_t offset = 0;
    for (char32_t c : cps) {
      const int32_t id = c < 128 ? ascii[c] : -2;
      const std::string s = id >= 0 ? std::string() : utf8_encode(c);
      ids.push_back(id >= 0 ? id : symbol_lookup(v, s, text, offset, where));
      offset += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
    return ids;
  }
  utf8_decode(text, where);  // invalid UTF-8 is an Error with its byte offset
  // line_end is set: every ptb-char and word vocabulary has one (vocab_build, vocab_from_string).
  tokens_scan(
      text, [&](std::string_view t, size_t off) { ids.push_back(symbol_lookup(v, std::string(t), text, off, where)); },
      [&] { ids.push_back(v.line_end); });
  return ids;
}

std::vector<int32_t> vocab_encode_readable(const Vocab& v, const std::string& text, const std::string& where) {
  if (v.kind != VocabKind::ptb_chars) return vocab_encode(v, text, where);
  std::vector<int32_t> ids;
  size_t offset = 0;
  for (char32_t c : utf8_decode(text, where)) {
    const std::string u = utf8_encode(c);
    ids.push_back(symbol_lookup(v, c == '\n' ? kLineEnd : (c < 128 && is_blank(char(c))) ? kSeparator : u, text,
                                offset, where));
    offset += u.size();
  }
  return ids;
}

std::string vocab_decode(const Vocab& v, const std::vector<int32_t>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) {
    const int32_t id = ids[i];
    if (id < 0 || id >= v.size()) fail("symbol index {} is outside the vocabulary of {} symbols", id, v.size());
    const std::string& s = v.symbols[size_t(id)];
    if (v.kind == VocabKind::words) {
      if (id == v.line_end) {
        out += '\n';
        continue;
      }
      if (!out.empty() && out.back() != '\n') out += ' ';
      out += s;
    } else {
      out += v.kind == VocabKind::ptb_chars && s == kSeparator ? std::string(" ") : s;
    }
  }
  return out;
}

std::string vocab_to_string(const Vocab& v) {
  if (v.kind == VocabKind::bytes) {  // byte values, as raw bytes need not be valid UTF-8
    std::vector<int> values;
    for (const std::string& sym : v.symbols) values.push_back(uint8_t(sym[0]));
    return nlohmann::json{{"kind", vocab_kind_name(v.kind)}, {"symbols", values}, {"unknown", v.unknown}}.dump();
  }
  return nlohmann::json{{"kind", vocab_kind_name(v.kind)}, {"symbols", v.symbols}, {"unknown", v.unknown}}.dump();
}

Vocab vocab_from_string(const std::string& s, const std::string& where) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(s);
  } catch (const nlohmann::json::exception& e) {
    fail("{}: vocabulary is not valid JSON: {}", where, e.what());
  }
  if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string() || !j.contains("symbols") ||
      !j["symbols"].is_array() || !j.contains("unknown") || !j["unknown"].is_number_integer())
    fail("{}: vocabulary needs \"kind\", \"symbols\" and \"unknown\"", where);
  Vocab v;
  try {
    v.kind = vocab_kind_parse(j["kind"].get<std::string>());
  } catch (const Error& e) {
    fail("{}: {}", where, e.what());
  }
  for (const auto& e : j["symbols"]) {
    if (v.kind == VocabKind::bytes) {
      if (!e.is_number_integer() || e.get<int64_t>() < 0 || e.get<int64_t>() > 255)
        fail("{}: byte vocabulary symbols must be numbers 0..255", where);
      v.symbols.push_back(std::string(1, char(e.get<int>())));
      continue;
    }
    if (!e.is_string() || e.get<std::string>().empty()) fail("{}: vocabulary symbols must be non-empty strings", where);
    const std::string sym = e.get<std::string>();
    const size_t n = utf8_decode(sym, where + ": vocabulary symbol").size();
    if (v.kind == VocabKind::chars && n != 1)
      fail("{}: character vocabulary holds {}, not one character", where, text_quoted(sym));
    v.symbols.push_back(sym);
  }
  if (v.symbols.empty()) fail("{}: the vocabulary is empty", where);
  vocab_index_fill(v, where);
  const int64_t unk = j["unknown"].get<int64_t>();
  if (unk < -1 || unk >= v.size()) fail("{}: unknown index {} outside the vocabulary of {} symbols", where, unk, v.size());
  v.unknown = int32_t(unk);
  if (v.kind != VocabKind::chars && v.kind != VocabKind::bytes && v.line_end < 0)
    fail("{}: {} vocabulary lacks its line-end symbol {}", where, vocab_kind_name(v.kind),
         v.kind == VocabKind::words ? kEos : "\"\\n\"");
  return v;
}

TextCounts text_count(const Vocab& v, const std::vector<int32_t>& ids) {
  TextCounts c;
  c.symbols = int64_t(ids.size());
  // Per symbol: 0 letter, 1 word separator, 2 line end.
  std::vector<uint8_t> cls(size_t(v.size()), 0);
  for (int i = 0; i < v.size(); ++i) {
    const std::string& s = v.symbols[size_t(i)];
    if (i == v.line_end) cls[size_t(i)] = 2;
    else if (v.kind == VocabKind::ptb_chars ? s == kSeparator : (v.kind == VocabKind::chars || v.kind == VocabKind::bytes) && s.size() == 1 && is_blank(s[0]))
      cls[size_t(i)] = 1;
  }
  bool in_word = false;
  for (int32_t id : ids) {
    if (id < 0 || id >= v.size()) fail("symbol index {} is outside the vocabulary of {} symbols", id, v.size());
    const uint8_t k = cls[size_t(id)];
    c.line_ends += k == 2;
    if (v.kind == VocabKind::words) {
      c.words += k != 2;
    } else {
      c.words += k == 0 && !in_word;
      in_word = k == 0;
    }
  }
  return c;
}

double text_symbols_per_word(const TextCounts& c) {
  const int64_t w = c.words + c.line_ends;
  return w > 0 ? double(c.symbols) / double(w) : 0.0;
}

}  // namespace seqgen
