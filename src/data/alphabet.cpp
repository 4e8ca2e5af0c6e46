#include "data/alphabet.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/text_quote.hpp"
#include "core/utf8.hpp"
#include "data/char_fold.hpp"

namespace seqgen {
namespace {

std::vector<int32_t> all_ids(const Alphabet& a) {
  std::vector<int32_t> v(a.chars.size());
  for (size_t i = 0; i < v.size(); ++i) v[i] = int32_t(i);
  return v;
}

}  // namespace

Alphabet alphabet_from_texts(const std::vector<std::string>& texts) {
  std::set<char32_t> seen;
  for (auto& t : texts)
    for (char32_t c : utf8_decode(t, "transcription")) seen.insert(c);
  Alphabet a;
  for (char32_t c : seen) {
    a.index[c] = int32_t(a.chars.size());
    a.chars.push_back(c);
  }
  return a;
}

nlohmann::json alphabet_to_json(const Alphabet& a) {
  nlohmann::json j = nlohmann::json::array();
  for (char32_t c : a.chars) j.push_back(utf8_encode(c));
  return j;
}

Alphabet alphabet_from_json(const nlohmann::json& j, const std::string& where) {
  Alphabet a;
  if (!j.is_array()) fail("{}: alphabet is not a list of characters", where);
  for (auto& e : j) {
    std::u32string s = e.is_string() ? utf8_decode(e.get<std::string>(), where) : U"";
    if (s.size() != 1 || a.index.count(s[0])) fail("{}: alphabet entry {} is not a new single character", where, e.dump());
    a.index[s[0]] = int32_t(a.chars.size());
    a.chars.push_back(s[0]);
  }
  return a;
}

std::vector<int32_t> alphabet_encode(const Alphabet& a, const std::string& text, AlphabetReport* report,
                                     UnknownChars unknown, int line) {
  std::vector<int32_t> out;
  const std::u32string cs = utf8_decode(utf8_nfc(text), "text");
  bool gap = false;  // a character was just left out after a space: a space after it would double the gap
  for (size_t i = 0; i < cs.size(); ++i) {
    if (gap && cs[i] == U' ') continue;
    gap = false;
    auto it = a.index.find(cs[i]);
    if (it != a.index.end()) {
      out.push_back(it->second);
      continue;
    }
    std::string f = char_fold(cs[i]);
    bool ok = !f.empty();
    for (char c : f) ok = ok && a.index.count(char32_t(static_cast<unsigned char>(c)));
    if (ok) {
      for (char c : f) out.push_back(a.index.at(char32_t(static_cast<unsigned char>(c))));
      const std::string note = utf8_encode(cs[i]) + " -> " + f;
      if (report && std::find(report->folded.begin(), report->folded.end(), note) == report->folded.end())
        report->folded.push_back(note);
      continue;
    }
    const std::string where =
        line >= 0 ? fmt::format("line {}, position {}", line + 1, i + 1) : fmt::format("position {}", i + 1);
    if (unknown == UnknownChars::error)
      fail("the character {} at {} of {} cannot be written: the model knows only {}", char_describe(cs[i]), where,
           text_quoted(text), text_quoted(alphabet_decode(a, all_ids(a)), 200));
    auto sp = a.index.find(U' ');
    if (unknown == UnknownChars::space) {
      if (sp == a.index.end()) fail("the model has no space to write {} as", char_describe(cs[i]));
      out.push_back(sp->second);
    } else {
      gap = sp != a.index.end() && (out.empty() || out.back() == sp->second);
    }
    if (report) report->skipped.push_back(char_describe(cs[i]) + " at " + where);
  }
  return out;
}

std::vector<int32_t> alphabet_encode(const Alphabet& a, const std::string& text, std::vector<std::string>* folded) {
  AlphabetReport r;
  std::vector<int32_t> out = alphabet_encode(a, text, &r, UnknownChars::error);
  if (folded)
    for (const std::string& n : r.folded)
      if (std::find(folded->begin(), folded->end(), n) == folded->end()) folded->push_back(n);
  return out;
}

std::vector<bool> alphabet_spaces(const Alphabet& a, const std::vector<int32_t>& ids) {
  std::vector<bool> out;
  for (int32_t c : ids) out.push_back(a.chars.at(size_t(c)) == U' ');
  return out;
}

std::vector<float> alphabet_step_shares(const Alphabet& a, const std::vector<int32_t>& ids) {
  std::vector<float> out;
  for (int32_t c : ids) {
    const char32_t ch = a.chars.at(size_t(c));
    const bool word_char = ch == U' ' || (ch >= U'0' && ch <= U'9') || (ch >= U'a' && ch <= U'z') ||
                           (ch >= U'A' && ch <= U'Z') || ch >= 0x80;  // beyond ASCII: letters of other scripts
    out.push_back(!word_char ? 0.f : ch == U'I' || ch == U'1' ? 0.3f : 1.f);
  }
  return out;
}

std::vector<int> alphabet_mark_strokes(const Alphabet& a) {
  std::vector<int> out(a.chars.size(), 0);
  for (size_t i = 0; i < a.chars.size(); ++i) {
    const char32_t c = a.chars[i];
    out[i] = c == U'.' || c == U',' || c == U'\'' || c == U')'                  ? 1
             : c == U'!' || c == U'?' || c == U':' || c == U';' || c == U'"' ? 2
                                                                              : 0;
  }
  return out;
}

std::string alphabet_decode(const Alphabet& a, const std::vector<int32_t>& ids) {
  std::string s;
  for (int32_t i : ids) s += utf8_encode(a.chars.at(i));
  return s;
}

CharClass char_class(char32_t c) {
  if (c >= 'a' && c <= 'z') return kLower;
  if (c >= 'A' && c <= 'Z') return kCapital;
  if (c >= '0' && c <= '9') return kDigit;
  return c == ' ' ? kSpace : kMark;
}

}  // namespace seqgen
